package dev.paved.observability.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.metrics.domain.TeamMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class MetricsConfigTest {

    @Inject
    MetricsConfig config;

    @Inject
    TeamMetrics metrics;

    @Test
    void theLimitsDefaultToPrometheusOwnAndAWeekOfRange() {
        assertTrue(config.prometheusUrl().isEmpty());
        assertEquals("namespace", config.namespaceLabel());
        assertEquals(Duration.ofDays(7), config.maxRange());
        assertEquals(Duration.ofSeconds(5), config.minStep());
        assertEquals(11_000, config.maxPointsPerSeries());
        assertEquals(Duration.ofSeconds(30), config.queryTimeout());
    }

    @Test
    void withoutAPrometheusUrlTheServiceSaysNoPrometheusIsConfigured() {
        var problem = assertThrows(ProblemException.class, () -> metrics.query("up", null, Set.of("shop-dev")));
        assertEquals(503, problem.status());
        assertEquals("PROMETHEUS_NOT_CONFIGURED", problem.code());
    }
}
