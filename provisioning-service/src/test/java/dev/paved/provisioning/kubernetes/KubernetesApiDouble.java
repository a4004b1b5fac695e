package dev.paved.provisioning.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.paved.local.ServerSideApplyDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Kubernetes API of the tests: the local platform's (fabric8's CRUD mock server with server-side
 * apply), plus faults: it answers 500, 429 or nothing (a delayed body, so the client times out) for
 * chosen requests, to show that operations wait and resume, or give up at their deadline. It also
 * counts the applies per object and keeps every request's method and path, for comparing what the
 * service asks of the API with what its ClusterRole allows.
 */
public class KubernetesApiDouble extends ServerSideApplyDispatcher {

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> applies = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** A request as it arrived: method, path with its query, and the content type of its body. */
    public record Call(String method, String path, String contentType) {
    }

    /** A fault for the next {@code times} requests that match; a negative count never runs out. */
    public record Fault(Predicate<RecordedRequest> matches, int status, Duration delay, AtomicInteger remaining) {

        boolean take(RecordedRequest request) {
            if (!matches.test(request)) {
                return false;
            }
            if (remaining.get() < 0) {
                return true;
            }
            return remaining.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
        }
    }

    /** Requests about objects whose API path contains {@code fragment}, e.g. {@code /networkpolicies/}. */
    public static Predicate<RecordedRequest> pathContains(String fragment) {
        return request -> request.getPath().contains(fragment);
    }

    public void fail(int times, int status, Predicate<RecordedRequest> which) {
        faults.add(new Fault(which, status, null, new AtomicInteger(times)));
    }

    /** Answers after {@code delay}: longer than the client's request timeout, it is a timeout. */
    public void stall(int times, Duration delay, Predicate<RecordedRequest> which) {
        faults.add(new Fault(which, 200, delay, new AtomicInteger(times)));
    }

    public void heal() {
        faults.clear();
    }

    /** How many server-side applies arrived for each object of a namespace (and the namespace itself), by API path. */
    public Map<String, Integer> appliesIn(String namespace) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        applies.forEach((path, count) -> {
            if (path.endsWith("/namespaces/" + namespace) || path.contains("/namespaces/" + namespace + "/")) {
                counts.put(path, count.get());
            }
        });
        return counts;
    }

    /** Every request so far, in order of arrival. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        calls.add(new Call(request.getMethod(), request.getPath(), request.getHeader("Content-Type")));
        for (Fault fault : faults) {
            if (fault.take(request)) {
                if (fault.delay() != null) {
                    return super.dispatch(request).setBodyDelay(fault.delay());
                }
                return new MockResponse().setResponseCode(fault.status())
                        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected "
                                + fault.status() + "\",\"code\":" + fault.status() + "}");
            }
        }
        return super.dispatch(request);
    }

    @Override
    protected void applied(String objectPath) {
        applies.computeIfAbsent(objectPath, key -> new AtomicInteger()).incrementAndGet();
    }
}
