package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

class LocalPrometheusTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void scrapesEveryServicesMetricsAndTheSimulatorsContainersKeepingTheirLabels() throws IOException {
        Ports ports = Ports.shiftedTo(9080);
        Map<String, URI> services = new LinkedHashMap<>();
        for (PavedService service : PavedService.values()) {
            services.put(service.moduleName(), URI.create("http://127.0.0.1:" + service.port(ports)));
        }

        JsonNode configuration = YAML.readTree(LocalPrometheus.configuration(services,
                Optional.of(URI.create("http://127.0.0.1:9091/metrics"))));

        assertEquals("5s", configuration.at("/global/scrape_interval").asText());
        JsonNode jobs = configuration.get("scrape_configs");
        assertEquals(2, jobs.size());
        JsonNode paved = jobs.get(0);
        assertEquals("paved", paved.get("job_name").asText());
        assertEquals("/q/metrics", paved.get("metrics_path").asText());
        Map<String, String> serviceTargets = new LinkedHashMap<>();
        for (JsonNode group : paved.get("static_configs")) {
            assertEquals(1, group.get("targets").size());
            serviceTargets.put(group.at("/labels/service").asText(), group.get("targets").get(0).asText());
        }
        assertEquals(Map.of("catalog-service", "127.0.0.1:9081", "provisioning-service", "127.0.0.1:9082",
                "observability-service", "127.0.0.1:9083", "api-gateway", "127.0.0.1:9080"), serviceTargets);
        JsonNode cluster = jobs.get(1);
        assertEquals("cluster", cluster.get("job_name").asText());
        assertEquals("/metrics", cluster.get("metrics_path").asText());
        assertTrue(cluster.get("honor_labels").asBoolean(), "the containers' namespace, pod and container stay");
        assertEquals("127.0.0.1:9091", cluster.at("/static_configs/0/targets/0").asText());
    }

    @Test
    void withoutTheSimulatorOnlyTheServicesAreScraped() throws IOException {
        JsonNode configuration = YAML.readTree(LocalPrometheus.configuration(
                Map.of("api-gateway", URI.create("http://127.0.0.1:8080")), Optional.empty()));

        assertEquals(List.of("paved"), configuration.get("scrape_configs").findValuesAsText("job_name"));
    }

    @Test
    void runsOnTheLoopbackPortWithItsTsdbInTheDataDirectory() {
        List<String> command = LocalPrometheus.command(Path.of("/usr/bin/prometheus"), Path.of("/data/run/prometheus.yml"),
                Path.of("/data/prometheus"), 8092);

        assertEquals("/usr/bin/prometheus", command.get(0));
        assertTrue(command.contains("--config.file=/data/run/prometheus.yml"), command.toString());
        assertTrue(command.contains("--storage.tsdb.path=/data/prometheus"), command.toString());
        assertTrue(command.contains("--web.listen-address=127.0.0.1:8092"), command.toString());
    }
}
