package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static dev.paved.local.simulator.SimulatedCluster.pavedDeployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsList;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClientException;

class ResourceMetricsTest {

    private static final SimulatedCluster cluster = SimulatedCluster.shared();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final double LIMIT_MEMORY = 256 * 1024 * 1024;

    @Test
    void podMetricsGiveEachRunningContainersUsageWithinItsLimitsAndMoving() throws InterruptedException {
        String namespace = runningDeployment("usage", "shop", 2);

        PodMetricsList first = cluster.client.top().pods().metrics(namespace);
        Thread.sleep(300);
        PodMetricsList second = cluster.client.top().pods().metrics(namespace);

        assertEquals(2, first.getItems().size());
        for (PodMetrics pod : first.getItems()) {
            ContainerMetrics container = pod.getContainers().get(0);
            assertEquals("web", container.getName());
            double cpu = Quantity.getAmountInBytes(container.getUsage().get("cpu")).doubleValue();
            double memory = Quantity.getAmountInBytes(container.getUsage().get("memory")).doubleValue();
            assertTrue(cpu > 0 && cpu <= 0.5, "cpu within the 500m limit: " + cpu);
            assertTrue(memory > 0 && memory <= LIMIT_MEMORY, "memory within the 256Mi limit: " + memory);
        }
        assertNotEquals(first.getItems().get(0).getContainers().get(0).getUsage().get("cpu"),
                second.getItems().get(0).getContainers().get(0).getUsage().get("cpu"), "usage moves");
        String name = first.getItems().get(0).getMetadata().getName();
        assertEquals(name, cluster.client.top().pods().metrics(namespace, name).getMetadata().getName());
        assertEquals(2, cluster.client.top().pods().withLabels(Map.of("app.kubernetes.io/name", "shop"))
                .metrics(namespace).getItems().size());
        assertEquals(0, cluster.client.top().pods().withLabels(Map.of("app.kubernetes.io/name", "other"))
                .metrics(namespace).getItems().size());
    }

    @Test
    void metricsOfAPodThatIsNotThereAreNotFound() {
        String namespace = cluster.namespace("no-usage");

        KubernetesClientException missing = assertThrows(KubernetesClientException.class,
                () -> cluster.client.top().pods().metrics(namespace, "ghost"));

        assertEquals(404, missing.getCode());
    }

    @Test
    void nodeMetricsAddUpTheirPodsUsage() {
        runningDeployment("node-usage", "catalog", 1);

        NodeMetricsList nodes = cluster.client.top().nodes().metrics();

        assertTrue(nodes.getItems().size() >= 3);
        assertTrue(nodes.getItems().stream().allMatch(node -> Quantity.getAmountInBytes(node.getUsage().get("cpu"))
                .doubleValue() >= 0.3), "at least the node's own processes");
    }

    @Test
    void thePrometheusExpositionCountsEachContainersCpuAndRequestsAndGaugesItsMemory() throws Exception {
        String namespace = runningDeployment("prometheus", "orders", 1);
        String pod = cluster.pods(namespace).get(0).getMetadata().getName();

        HttpResponse<String> first = scrape();
        Thread.sleep(1_200);
        HttpResponse<String> second = scrape();

        assertEquals(200, first.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type").orElse(""));
        assertTrue(first.body().contains("# TYPE container_cpu_usage_seconds_total counter\n"));
        assertTrue(first.body().contains("# TYPE container_memory_working_set_bytes gauge\n"));
        assertTrue(first.body().contains("# TYPE http_requests_total counter\n"));
        Map<String, Double> before = samples(first.body(), namespace, pod);
        Map<String, Double> after = samples(second.body(), namespace, pod);
        assertTrue(after.get("container_cpu_usage_seconds_total") > before.get("container_cpu_usage_seconds_total"),
                before + " then " + after);
        double memory = after.get("container_memory_working_set_bytes");
        assertTrue(memory > 0 && memory <= LIMIT_MEMORY, "memory " + memory);
        for (String code : List.of("200", "201", "404", "500")) {
            assertTrue(after.get("http_requests_total/" + code) >= before.get("http_requests_total/" + code), code);
        }
        assertTrue(after.get("http_requests_total/200") > 0, "a ready web server has served requests");
    }

    /** The samples of one pod's container {@code web}, by metric name (and {@code /code} for requests). */
    private static Map<String, Double> samples(String exposition, String namespace, String pod) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "a sample line of the text format: " + line);
            Map<String, String> labels = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            assertTrue(labels.keySet().containsAll(List.of("namespace", "pod", "container")), line);
            if (namespace.equals(labels.get("namespace")) && pod.equals(labels.get("pod"))
                    && "web".equals(labels.get("container"))) {
                String key = labels.containsKey("code") ? sample.group(1) + "/" + labels.get("code") : sample.group(1);
                samples.put(key, Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    private static HttpResponse<String> scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.simulator.prometheusUrl()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String runningDeployment(String prefix, String name, int replicas) {
        String namespace = cluster.namespace(prefix);
        cluster.apply(pavedDeployment(namespace, name, replicas).build());
        await(name + " ready", () -> cluster.pods(namespace),
                pods -> pods.size() == replicas && pods.stream().allMatch(Pods::ready));
        return namespace;
    }
}
