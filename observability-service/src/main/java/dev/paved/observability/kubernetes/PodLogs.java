package dev.paved.observability.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.logs.domain.LogLine;
import dev.paved.observability.logs.domain.LogOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;

/**
 * Pods' logs through the Kubernetes API (the kubelet's, by the API server), per container: read at
 * once, or followed as the containers write. Lines are always asked for with their timestamps, which
 * are kept when the caller wants them and dropped otherwise.
 */
@ApplicationScoped
public class PodLogs {

    private final Clusters clusters;

    public PodLogs(Clusters clusters) {
        this.clusters = clusters;
    }

    /**
     * The lines of each container of each pod (or the one asked for), pod by pod.
     *
     * @throws ProblemException 400 LOGS_NOT_AVAILABLE when the API refuses (a previous run that does
     *                          not exist, a container not started yet), 503 when it cannot be reached
     */
    public List<LogLine> read(String cluster, String namespace, List<Pod> pods, LogOptions options) {
        List<LogLine> lines = new ArrayList<>();
        for (Pod pod : pods) {
            for (String container : containers(pod, options)) {
                String log = call(() -> loggable(cluster, namespace, pod, container, options).getLog());
                for (String raw : log.split("\n")) {
                    if (!raw.isEmpty()) {
                        lines.add(line(pod, container, raw, options));
                    }
                }
            }
        }
        return lines;
    }

    /** Follows every container of the pods; each line goes to {@code sink}, from fabric8's threads. Close to stop. */
    public Closeable follow(String cluster, String namespace, List<Pod> pods, LogOptions options,
            Consumer<LogLine> sink) {
        List<LogWatch> watches = new ArrayList<>();
        Closeable all = () -> watches.forEach(LogWatch::close);
        try {
            for (Pod pod : pods) {
                for (String container : containers(pod, options)) {
                    watches.add(call(() -> loggable(cluster, namespace, pod, container, options)
                            .watchLog(new LineSplitter(raw -> sink.accept(line(pod, container, raw, options))))));
                }
            }
        } catch (RuntimeException e) {
            watches.forEach(LogWatch::close);
            throw e;
        }
        return all;
    }

    /** The container asked for, or every container of the pod's spec. */
    private static List<String> containers(Pod pod, LogOptions options) {
        if (!options.container().isEmpty()) {
            return List.of(options.container());
        }
        return pod.getSpec().getContainers().stream().map(Container::getName).toList();
    }

    private Loggable loggable(String cluster, String namespace, Pod pod, String container, LogOptions options) {
        var base = clusters.client(cluster).pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .inContainer(container).usingTimestamps();
        TimeTailPrettyLoggable run = options.previous() ? base.terminated() : base;
        return options.since() == null ? run.tailingLines(options.tail())
                : run.sinceSeconds(options.sinceSeconds()).tailingLines(options.tail());
    }

    private static LogLine line(Pod pod, String container, String raw, LogOptions options) {
        int space = raw.indexOf(' ');
        Instant time = null;
        String text = raw;
        if (space > 0) {
            try {
                time = Instant.parse(raw.substring(0, space));
                text = raw.substring(space + 1);
            } catch (DateTimeParseException notATimestamp) {
                time = null;
            }
        }
        return new LogLine(pod.getMetadata().getName(), container, text, options.timestamps() ? time : null);
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 404) {
                throw ProblemException.badRequest("LOGS_NOT_AVAILABLE", "The cluster has no such logs: "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                                : e.getMessage()));
            }
            throw new ProblemException(503, "CLUSTER_UNAVAILABLE", "The cluster's logs could not be read; try again.");
        }
    }

    /** Cuts what a log watch writes into lines. */
    private static final class LineSplitter extends OutputStream {

        private final Consumer<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.accept(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }
}
