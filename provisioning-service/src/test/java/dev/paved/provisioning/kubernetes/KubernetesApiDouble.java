package dev.paved.provisioning.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The Kubernetes API of the tests: fabric8's CRUD mock server, plus the two things it lacks.
 * <ul>
 * <li>Server-side apply. The mock answers {@code application/apply-patch+yaml} with 415 and patches
 * only objects that exist; a real API server creates a missing object on apply, merges into an
 * existing one, requires a {@code fieldManager} and records it in {@code metadata.managedFields}.
 * This double does the same (merging as a JSON merge patch, which equals apply for the manifests
 * Paved writes: it always applies every field it owns).</li>
 * <li>Faults: answers 500, 429 or nothing (a delayed body, so the client times out) for chosen
 * requests, to show that operations wait and resume, or give up at their deadline.</li>
 * </ul>
 */
public class KubernetesApiDouble extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> applies = new ConcurrentHashMap<>();

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

    @Override
    public MockResponse dispatch(RecordedRequest request) {
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
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        return serverSideApply(request);
    }

    private synchronized MockResponse serverSideApply(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String objectPath = query < 0 ? path : path.substring(0, query);
        String fieldManager = parameter(path, "fieldManager");
        if (fieldManager == null) {
            return status(422, "fieldManager is required for apply requests");
        }
        ObjectNode applied;
        try {
            applied = (ObjectNode) YAML.readTree(request.getBody().readUtf8());
        } catch (IOException | ClassCastException e) {
            return status(400, "the apply body is not a YAML or JSON object");
        }
        ObjectNode managed = JSON.createObjectNode().put("manager", fieldManager).put("operation", "Apply")
                .put("apiVersion", applied.path("apiVersion").asText()).put("time", Instant.now().toString());
        ((ObjectNode) applied.with("metadata")).putArray("managedFields").add(managed);
        applies.computeIfAbsent(objectPath, key -> new AtomicInteger()).incrementAndGet();
        byte[] body = applied.toString().getBytes(StandardCharsets.UTF_8);
        if (super.handleGet(objectPath).code() == 404) {
            String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
            return super.handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                    Headers.builder().add("Content-Type", "application/json").build(), new Buffer(body)));
        }
        return super.handlePatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, objectPath,
                Headers.builder().add("Content-Type", "application/merge-patch+json").build(), new Buffer(body)));
    }

    private static String parameter(String path, String name) {
        int query = path.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : path.substring(query + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2 && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return null;
    }

    private static MockResponse status(int code, String message) {
        return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"message\":\"" + message + "\",\"code\":" + code + "}");
    }
}
