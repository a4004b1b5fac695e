package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each built-in golden path renders, byte for byte, against manifests kept in
 * {@code rendered/}: what is applied and stored (and so its digest) must not change when the way
 * it is rendered does. Each case's file holds its manifests, one JSON object a line, in apply
 * order, then its digest.
 */
class RenderedManifestsTest {

    private static final String BENCH = """
            {"name": "w-1", "goldenPath": "web-service", "image": "registry.example.com/bench/service:1.0.0",
             "replicas": 2, "ports": [{"name": "http", "port": 8080}], "variables": {"MODE": "bench"},
             "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "20m", "memory": "32Mi"}},
             "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "web-service-native   | web-service | native",
            "web-service-score    | web-service | score",
            "web-service-scaled   | web-service | scaled",
            "web-service-minimal  | web-service | bench",
            "worker               | worker      | worker",
            "cron-job             | cron-job    | cron",
    })
    void rendersExactlyTheManifestsItRenderedBefore(String name, String goldenPath, String spec) throws IOException {
        Rendering rendering = Fixtures.render(switch (spec) {
            case "native" -> Fixtures.nativeSpec();
            case "score" -> Fixtures.scoreSpec();
            case "scaled" -> Fixtures.spec(Fixtures.NATIVE.replaceFirst("\\{", """
                    {"parameters": {"autoscaling": true, "maxReplicas": 6, "ingress": {"enabled": true}},"""));
            case "bench" -> Fixtures.spec(BENCH);
            case "worker" -> Fixtures.spec("""
                    {"name": "queue", "goldenPath": "worker", "image": "ghcr.io/acme/queue:3.1.0", "replicas": 1,
                     "command": ["/bin/queue"], "variables": {"QUEUE": "orders"},
                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}
                    """);
            default -> Fixtures.spec("""
                    {"name": "nightly", "goldenPath": "cron-job", "image": "ghcr.io/acme/batch:0.9.1",
                     "parameters": {"schedule": "@daily"}, "args": ["--since", "1d"],
                     "files": [{"path": "/etc/batch/job.conf", "content": "window=1d"}]}
                    """);
        }, goldenPath);
        String rendered = rendering.manifests().stream().map(Object::toString).collect(Collectors.joining("\n"))
                + "\n" + rendering.digest() + "\n";
        assertEquals(expected(name), rendered);
    }

    private static String expected(String name) throws IOException {
        String resource = "rendered/" + name + ".txt";
        try (InputStream in = RenderedManifestsTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
