package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.local.simulator.SimulatedCluster;
import dev.paved.local.simulator.SimulatorConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The Prometheus the launcher starts: a real one, scraping the services and the simulator. */
@RequiresPrometheus
class PlatformPrometheusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> progress = new ArrayList<>();

    @Test
    void scrapesTheServicesAndTheSimulatorsContainersAndStopsWithThePlatform() throws Exception {
        Path binary = LocalPrometheus.findOnPath(System.getenv("PATH")).orElseGet(() -> fail(
                "no prometheus on the PATH (apt-get install -y prometheus), and PAVED_CI=true requires this test"));
        FakeServices.packageAll(root, ReadyService.class);
        Ports ports = Ports.free();
        PlatformOptions options = PlatformOptions.local(root, root.resolve("data")).withPorts(ports)
                .withReadyTimeout(Duration.ofSeconds(60)).withSimulator(SimulatorConfig.defaults().scaled(0.1))
                .withPrometheus(new PlatformOptions.Prometheus.Started(binary));

        try (PlatformLauncher launcher = new PlatformLauncher(options, progress::add)) {
            RunningPlatform platform = launcher.start();

            URI prometheus = URI.create("http://127.0.0.1:" + ports.prometheus());
            assertEquals(Optional.of(prometheus), platform.prometheusUrl());
            assertEquals(prometheus.toString(), FakeServices.configurationOf(root, PavedService.OBSERVABILITY).get(PlatformLauncherTest.PROMETHEUS_URL));
            assertTrue(Files.isDirectory(root.resolve("data/prometheus/wal")), "the TSDB lives in the data directory");
            String namespace = "shop-dev";
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(platform.kubeconfig())))).build()) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
                client.resource(SimulatedCluster.pavedDeployment(namespace, "checkout", 2).build()).create();
            }

            Map<String, String> health = awaitAnswer("every target up", () -> targetHealth(prometheus),
                    targets -> targets.size() == 5 && targets.values().stream().allMatch("up"::equals));
            assertEquals(Set.of("paved/api-gateway", "paved/catalog-service", "paved/provisioning-service",
                    "paved/observability-service", "cluster/"), health.keySet());
            JsonNode series = awaitAnswer("the checkout pods' CPU series",
                    () -> query(prometheus, "container_cpu_usage_seconds_total{namespace=\"" + namespace + "\"}"),
                    result -> result.size() == 2);
            Set<String> pods = new TreeSet<>();
            for (JsonNode sample : series) {
                assertEquals("cluster", sample.at("/metric/job").asText());
                assertEquals("web", sample.at("/metric/container").asText());
                pods.add(sample.at("/metric/pod").asText());
            }
            assertTrue(pods.stream().allMatch(pod -> pod.startsWith("checkout-")), pods.toString());
            assertEquals(4, query(prometheus, "paved_ready_service").size(), "each service's own metrics");

            launcher.close();

            assertTrue(Ports.isFree(ports.prometheus()), "Prometheus still listens");
        }
    }

    /** Each active target's health by job and service label ({@code cluster/} for the simulator). */
    private Map<String, String> targetHealth(URI prometheus) {
        JsonNode targets = get(prometheus.resolve("/api/v1/targets?state=active")).at("/data/activeTargets");
        Map<String, String> health = new TreeMap<>();
        for (JsonNode target : targets) {
            health.put(target.at("/labels/job").asText() + "/" + target.at("/labels/service").asText(),
                    target.get("health").asText());
        }
        return health;
    }

    private JsonNode query(URI prometheus, String promql) {
        return get(prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .at("/data/result");
    }

    private JsonNode get(URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), url + ": " + response.body());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return fail(url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Asks until Prometheus's answer satisfies {@code done} (scrapes come every 5 s), and returns it. */
    private static <T> T awaitAnswer(String what, Supplier<T> ask, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        T answer = ask.get();
        while (!done.test(answer)) {
            if (Instant.now().isAfter(deadline)) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what + "; the last answer was " + answer);
            }
            Thread.sleep(250);
            answer = ask.get();
        }
        return answer;
    }
}
