package dev.paved.local.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.paved.local.ApiStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /api/v1/namespaces/{namespace}/pods/{name}/log}, as the API server and the kubelet answer
 * it: {@code container}, {@code previous}, {@code tailLines}, {@code sinceSeconds}, {@code sinceTime},
 * {@code timestamps}, {@code limitBytes}, and {@code follow}, which streams each line as the container
 * writes it and ends when the container stops or the pod goes away. The same errors, with the same
 * messages, for a missing pod, an unknown or unnamed container, a container that has not started and
 * a previous run that does not exist.
 */
final class PodLogs implements AutoCloseable {

    /** The longest a follower waits between looks, so that it notices a deleted pod soon. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private final StoredPods pods;
    private final SimulatorConfig config;
    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();

    PodLogs(StoredPods pods, SimulatorConfig config) {
        this.pods = pods;
        this.config = config;
    }

    /** What a request asks for; a null field was not given. */
    private record Options(String container, boolean follow, boolean previous, boolean timestamps, Integer tailLines,
            Instant since, Long limitBytes) {
    }

    /** Answers the request, from any thread; a follower's ticks are timers of {@code vertx}. */
    void serve(HttpServerRequest request, Vertx vertx, String namespace, String name) {
        HttpServerResponse response = request.response();
        Options options;
        try {
            options = options(request.params(), name);
        } catch (LogRequestException e) {
            fail(response, e);
            return;
        }
        Optional<Pod> pod = pods.pod(namespace, name);
        if (pod.isEmpty()) {
            fail(response, new LogRequestException(404, "NotFound", "pods \"" + name + "\" not found"));
            return;
        }
        ContainerLog log;
        ContainerRun run;
        try {
            Optional<ContainerRun> found = run(pod.get(), options);
            if (found.isEmpty()) {
                // Not yet on a node: the API server has no kubelet to ask, and answers with nothing.
                response.putHeader("Content-Type", "text/plain").end();
                return;
            }
            run = found.get();
            log = logOf(run);
        } catch (LogRequestException e) {
            fail(response, e);
            return;
        }
        Instant now = config.clock().instant();
        int end = log.count(now);
        int from = log.firstKept(now);
        if (options.since() != null) {
            from = Math.max(from, log.firstAtOrAfter(options.since(), now));
        }
        if (options.tailLines() != null) {
            from = Math.max(from, end - options.tailLines());
        }
        response.putHeader("Content-Type", "text/plain");
        if (!options.follow() || !run.running()) {
            Buffer body = Buffer.buffer();
            long budget = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
            for (int index = from; index < end && body.length() < budget; index++) {
                body.appendString(format(log.line(index), options.timestamps()));
            }
            response.end(body.length() > budget ? body.getBuffer(0, (int) budget) : body);
            return;
        }
        // The stream's end is the connection's: a client that cancels its stream once it ended (fabric8's
        // LogWatch does) would otherwise cut the next request sent over the same pooled connection.
        response.setChunked(true).putHeader("Connection", "close");
        Follower follower = new Follower(vertx, response, run, from, options);
        followers.add(follower);
        response.closeHandler(closed -> follower.stop());
        follower.tick();
    }

    private Options options(MultiMap query, String pod) {
        String container = query.get("container");
        Integer tailLines = integer(query, "tailLines");
        Long sinceSeconds = longValue(query, "sinceSeconds");
        Long limitBytes = longValue(query, "limitBytes");
        String sinceTime = query.get("sinceTime");
        if (tailLines != null && tailLines < 0) {
            throw invalid(pod, "tailLines", tailLines, "must be greater than or equal to 0");
        }
        if (sinceSeconds != null && sinceSeconds < 1) {
            throw invalid(pod, "sinceSeconds", sinceSeconds, "must be greater than 0");
        }
        if (limitBytes != null && limitBytes < 1) {
            throw invalid(pod, "limitBytes", limitBytes, "must be greater than 0");
        }
        if (sinceSeconds != null && sinceTime != null) {
            throw new LogRequestException(422, "Invalid", "PodLogOptions \"" + pod
                    + "\" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        Instant since = null;
        if (sinceSeconds != null) {
            since = config.clock().instant().minusSeconds(sinceSeconds);
        } else if (sinceTime != null) {
            since = Timestamps.parse(sinceTime).orElseThrow(() -> new LogRequestException(400, "BadRequest",
                    "parsing time \"" + sinceTime + "\" as RFC 3339 failed"));
        }
        return new Options(container == null || container.isEmpty() ? null : container, bool(query, "follow"),
                bool(query, "previous"), bool(query, "timestamps"), tailLines, since, limitBytes);
    }

    /** The run the request reads, or empty for a pod on no node yet. */
    private Optional<ContainerRun> run(Pod pod, Options options) {
        String name = pod.getMetadata().getName();
        List<Container> containers = pod.getSpec().getContainers();
        List<Container> initContainers = pod.getSpec().getInitContainers();
        Container container;
        boolean init;
        if (options.container() == null) {
            if (containers.size() != 1) {
                String initChoice = initContainers.isEmpty() ? "" : " or one of the init containers: "
                        + names(initContainers);
                throw new LogRequestException(400, "BadRequest", "a container name must be specified for pod " + name
                        + ", choose one of: " + names(containers) + initChoice);
            }
            container = containers.get(0);
            init = false;
        } else {
            Optional<Container> regular = containers.stream().filter(c -> options.container().equals(c.getName()))
                    .findFirst();
            Optional<Container> initial = initContainers.stream().filter(c -> options.container().equals(c.getName()))
                    .findFirst();
            if (regular.isEmpty() && initial.isEmpty()) {
                throw new LogRequestException(400, "BadRequest", "container " + options.container()
                        + " is not valid for pod " + name);
            }
            container = regular.orElseGet(initial::get);
            init = regular.isEmpty();
        }
        if (!Pods.scheduled(pod)) {
            return Optional.empty();
        }
        String containerName = container.getName();
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of()
                : init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
        Optional<ContainerStatus> status = statuses.stream().filter(s -> containerName.equals(s.getName())).findFirst();
        String waitingPrefix = "container \"" + containerName + "\" in pod \"" + name + "\" is waiting to start: ";
        if (status.isEmpty()) {
            throw new LogRequestException(400, "BadRequest", waitingPrefix + "ContainerCreating");
        }
        Optional<ContainerRun> run = options.previous() ? ContainerRun.previous(pod, container, init, status.get())
                : ContainerRun.current(pod, container, init, status.get());
        if (run.isPresent()) {
            return run;
        }
        if (options.previous()) {
            throw new LogRequestException(400, "BadRequest", "previous terminated container \"" + containerName
                    + "\" in pod \"" + name + "\" not found");
        }
        String reason = status.get().getState() == null || status.get().getState().getWaiting() == null
                ? "ContainerCreating" : status.get().getState().getWaiting().getReason();
        throw new LogRequestException(400, "BadRequest", waitingPrefix + switch (reason) {
            case "ErrImagePull" -> "image can't be pulled";
            case "ImagePullBackOff" -> "trying and failing to pull image";
            default -> reason;
        });
    }

    private ContainerLog logOf(ContainerRun run) {
        return new ContainerLog(run, config.logInterval(), ClusterState.failureModeOf(run.pod()),
                ClusterState.controllerOf(run.pod()).filter(owner -> "Job".equals(owner.getKind())).isPresent());
    }

    private static String names(List<Container> containers) {
        return containers.stream().map(Container::getName).collect(Collectors.joining(" ", "[", "]"));
    }

    static String format(ContainerLog.Line line, boolean timestamps) {
        return timestamps ? rfc3339Nano(line.time()) + " " + line.text() + "\n" : line.text() + "\n";
    }

    /** Go's RFC 3339 with nanoseconds, which drops the fraction's trailing zeros. */
    static String rfc3339Nano(Instant time) {
        String seconds = Timestamps.format(time);
        String fraction = String.format("%09d", time.getNano()).replaceAll("0+$", "");
        return fraction.isEmpty() ? seconds : seconds.substring(0, seconds.length() - 1) + "." + fraction + "Z";
    }

    private static boolean bool(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new LogRequestException(400, "BadRequest", "couldn't parse '" + value + "' as a boolean for "
                    + name);
        };
    }

    private static Integer integer(MultiMap query, String name) {
        Long value = longValue(query, name);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw new LogRequestException(400, "BadRequest", "couldn't parse '" + value + "' as an integer for " + name);
        }
        return value == null ? null : value.intValue();
    }

    private static Long longValue(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new LogRequestException(400, "BadRequest", "couldn't parse '" + value + "' as an integer for " + name);
        }
    }

    private static LogRequestException invalid(String pod, String field, Object value, String reason) {
        return new LogRequestException(422, "Invalid", "PodLogOptions \"" + pod + "\" is invalid: " + field
                + ": Invalid value: " + value + ": " + reason);
    }

    private static void fail(HttpServerResponse response, LogRequestException e) {
        response.setStatusCode(e.code).putHeader("Content-Type", "application/json")
                .end(ApiStatus.failure(e.code, e.reason, e.getMessage()));
    }

    /** Ends every stream still open. */
    @Override
    public void close() {
        List.copyOf(followers).forEach(Follower::finish);
    }

    /** A request the API would refuse, with its status code and reason. */
    private static final class LogRequestException extends RuntimeException {
        private final int code;
        private final String reason;

        LogRequestException(int code, String reason, String message) {
            super(message, null, false, false);
            this.code = code;
            this.reason = reason;
        }
    }

    /** One {@code follow=true} stream: writes each line when it is due, on the server's event loop. */
    private final class Follower {
        private final Vertx vertx;
        private final HttpServerResponse response;
        private final Pod pod;
        private final String container;
        private final boolean init;
        private final int instance;
        private final Options options;
        private int next;
        private long bytesLeft;
        private long timer = -1;
        private boolean stopped;

        Follower(Vertx vertx, HttpServerResponse response, ContainerRun run, int from, Options options) {
            this.vertx = vertx;
            this.response = response;
            this.pod = run.pod();
            this.container = run.container().getName();
            this.init = run.init();
            this.instance = run.instance();
            this.options = options;
            this.next = from;
            this.bytesLeft = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
        }

        void tick() {
            timer = -1;
            if (stopped) {
                return;
            }
            Optional<ContainerRun> run = currentRun();
            if (run.isEmpty()) {
                finish();
                return;
            }
            ContainerLog log = logOf(run.get());
            Instant now = config.clock().instant();
            Instant until = run.get().running() || now.isAfter(run.get().finishedAt()) ? now : run.get().finishedAt();
            int end = log.count(until);
            for (; next < end && bytesLeft > 0; next++) {
                byte[] line = format(log.line(next), options.timestamps()).getBytes(StandardCharsets.UTF_8);
                int length = (int) Math.min(line.length, bytesLeft);
                response.write(Buffer.buffer(line).getBuffer(0, length));
                bytesLeft -= length;
            }
            if (!run.get().running() || bytesLeft <= 0) {
                finish();
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(drained -> tick());
                return;
            }
            Duration wait = Duration.between(now, log.timeOf(next));
            if (wait.compareTo(LONGEST_WAIT) > 0) {
                wait = LONGEST_WAIT;
            }
            timer = vertx.setTimer(Math.max(1, wait.toMillis()), fired -> tick());
        }

        /** The run being followed, while the pod that ran it is there and still knows it. */
        private Optional<ContainerRun> currentRun() {
            return pods.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                    .filter(found -> found.getMetadata().getUid().equals(pod.getMetadata().getUid()))
                    .flatMap(found -> {
                        Container spec = Stream.concat(found.getSpec().getContainers().stream(),
                                found.getSpec().getInitContainers().stream())
                                .filter(candidate -> container.equals(candidate.getName())).findFirst().orElse(null);
                        List<ContainerStatus> statuses = found.getStatus() == null ? List.of()
                                : init ? found.getStatus().getInitContainerStatuses()
                                        : found.getStatus().getContainerStatuses();
                        Optional<ContainerStatus> status = statuses.stream()
                                .filter(candidate -> container.equals(candidate.getName())).findFirst();
                        if (spec == null || status.isEmpty()) {
                            return Optional.empty();
                        }
                        return Stream.of(ContainerRun.current(found, spec, init, status.get()),
                                ContainerRun.previous(found, spec, init, status.get()))
                                .flatMap(Optional::stream).filter(candidate -> candidate.instance() == instance)
                                .findFirst();
                    });
        }

        void stop() {
            stopped = true;
            followers.remove(this);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        void finish() {
            stop();
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }
}
