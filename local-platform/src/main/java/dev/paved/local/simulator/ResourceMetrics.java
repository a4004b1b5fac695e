package dev.paved.local.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What metrics-server serves and cAdvisor exports, from {@link ContainerUsage}: the
 * {@code metrics.k8s.io/v1beta1} PodMetrics and NodeMetrics, and the Prometheus text exposition
 * (format 0.0.4) of every running container's {@code container_cpu_usage_seconds_total},
 * {@code container_memory_working_set_bytes} and {@code http_requests_total} by {@code code}.
 */
final class ResourceMetrics {

    static final String GROUP_VERSION = "metrics.k8s.io/v1beta1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the node's own processes (kubelet, runtime, system daemons) use besides the pods. */
    private static final double NODE_OVERHEAD_CPU = 0.3;
    private static final double NODE_OVERHEAD_MEMORY = 1.5 * 1024 * 1024 * 1024;

    private final StoredPods pods;
    private final SimulatorConfig config;

    ResourceMetrics(StoredPods pods, SimulatorConfig config) {
        this.pods = pods;
        this.config = config;
    }

    /** A running container and its usage model. */
    private record Sample(Pod pod, Container container, ContainerUsage usage, Instant readySince) {
    }

    private List<Sample> samples(Pod pod) {
        List<Sample> samples = new ArrayList<>();
        if (Pods.terminal(pod)) {
            return samples;
        }
        FailureMode mode = ClusterState.failureModeOf(pod);
        for (Container container : pod.getSpec().getContainers()) {
            Optional<ContainerStatus> status = Pods.containerStatuses(pod).stream()
                    .filter(candidate -> container.getName().equals(candidate.getName())).findFirst();
            Optional<ContainerRun> run = status.filter(found -> found.getState() != null
                    && found.getState().getRunning() != null)
                    .flatMap(found -> ContainerRun.current(pod, container, false, found));
            if (run.isPresent()) {
                Instant readySince = Boolean.TRUE.equals(status.get().getReady())
                        ? Pods.readySince(pod).orElse(run.get().startedAt()) : null;
                samples.add(new Sample(pod, container, new ContainerUsage(run.get(), mode, config.readyDelay()),
                        readySince));
            }
        }
        return samples;
    }

    /** The PodMetrics of a pod with running containers. */
    Optional<ObjectNode> podMetrics(Pod pod, Instant now) {
        List<Sample> samples = samples(pod);
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode metrics = JSON.createObjectNode().put("kind", "PodMetrics").put("apiVersion", GROUP_VERSION);
        ObjectNode metadata = metrics.putObject("metadata").put("name", pod.getMetadata().getName())
                .put("namespace", pod.getMetadata().getNamespace()).put("creationTimestamp", Timestamps.format(now));
        metadata.set("labels", JSON.valueToTree(pod.getMetadata().getLabels()));
        metrics.put("timestamp", Timestamps.format(now)).put("window", "15s");
        ArrayNode containers = metrics.putArray("containers");
        for (Sample sample : samples) {
            ObjectNode container = containers.addObject().put("name", sample.container().getName());
            container.putObject("usage").put("cpu", nanocores(sample.usage().cpu(now)))
                    .put("memory", kibibytes(sample.usage().memory(now)));
        }
        return Optional.of(metrics);
    }

    ObjectNode podMetricsList(Optional<String> namespace, LabelSelector selector, Instant now) {
        ObjectNode list = list("PodMetricsList");
        ArrayNode items = list.putArray("items");
        pods.pods(namespace).stream().filter(pod -> selector.matches(pod.getMetadata().getLabels()))
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getNamespace())
                        .thenComparing(pod -> pod.getMetadata().getName()))
                .map(pod -> podMetrics(pod, now)).flatMap(Optional::stream).forEach(items::add);
        return list;
    }

    ObjectNode nodeMetrics(Node node, Instant now) {
        double cpu = NODE_OVERHEAD_CPU;
        double memory = NODE_OVERHEAD_MEMORY;
        String name = node.getMetadata().getName();
        for (Pod pod : pods.pods(Optional.empty())) {
            if (name.equals(pod.getSpec().getNodeName())) {
                for (Sample sample : samples(pod)) {
                    cpu += sample.usage().cpu(now);
                    memory += sample.usage().memory(now);
                }
            }
        }
        ObjectNode metrics = JSON.createObjectNode().put("kind", "NodeMetrics").put("apiVersion", GROUP_VERSION);
        ObjectNode metadata = metrics.putObject("metadata").put("name", name)
                .put("creationTimestamp", Timestamps.format(now));
        metadata.set("labels", JSON.valueToTree(node.getMetadata().getLabels()));
        metrics.put("timestamp", Timestamps.format(now)).put("window", "20s");
        metrics.putObject("usage").put("cpu", nanocores(cpu)).put("memory", kibibytes(memory));
        return metrics;
    }

    ObjectNode nodeMetricsList(LabelSelector selector, Instant now) {
        ObjectNode list = list("NodeMetricsList");
        ArrayNode items = list.putArray("items");
        pods.nodes().stream().filter(node -> selector.matches(node.getMetadata().getLabels()))
                .sorted(Comparator.comparing(node -> node.getMetadata().getName()))
                .forEach(node -> items.add(nodeMetrics(node, now)));
        return list;
    }

    private static ObjectNode list(String kind) {
        ObjectNode list = JSON.createObjectNode().put("kind", kind).put("apiVersion", GROUP_VERSION);
        list.putObject("metadata");
        return list;
    }

    /** The Prometheus text exposition of every running container. */
    String prometheus(Instant now) {
        List<Sample> samples = pods.pods(Optional.empty()).stream()
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getNamespace())
                        .thenComparing(pod -> pod.getMetadata().getName()))
                .flatMap(pod -> samples(pod).stream()).toList();
        StringBuilder text = new StringBuilder();
        text.append("# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.\n")
                .append("# TYPE container_cpu_usage_seconds_total counter\n");
        for (Sample sample : samples) {
            text.append("container_cpu_usage_seconds_total").append(labels(sample, Map.of())).append(' ')
                    .append(number(sample.usage().cpuSeconds(now))).append('\n');
        }
        text.append("# HELP container_memory_working_set_bytes Current working set in bytes.\n")
                .append("# TYPE container_memory_working_set_bytes gauge\n");
        for (Sample sample : samples) {
            text.append("container_memory_working_set_bytes").append(labels(sample, Map.of())).append(' ')
                    .append(Math.round(sample.usage().memory(now))).append('\n');
        }
        text.append("# HELP http_requests_total Total number of HTTP requests served, by status code.\n")
                .append("# TYPE http_requests_total counter\n");
        for (Sample sample : samples) {
            sample.usage().requests(now, sample.readySince()).forEach((code, count) -> text
                    .append("http_requests_total").append(labels(sample, Map.of("code", code.toString()))).append(' ')
                    .append(count).append('\n'));
        }
        return text.toString();
    }

    private static String labels(Sample sample, Map<String, String> extra) {
        StringBuilder labels = new StringBuilder("{namespace=\"").append(escape(sample.pod().getMetadata().getNamespace()))
                .append("\",pod=\"").append(escape(sample.pod().getMetadata().getName()))
                .append("\",container=\"").append(escape(sample.container().getName())).append('"');
        extra.forEach((name, value) -> labels.append(',').append(name).append("=\"").append(escape(value)).append('"'));
        return labels.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String nanocores(double cores) {
        return Math.round(cores * 1e9) + "n";
    }

    private static String kibibytes(double bytes) {
        return Math.round(bytes / 1024) + "Ki";
    }
}
