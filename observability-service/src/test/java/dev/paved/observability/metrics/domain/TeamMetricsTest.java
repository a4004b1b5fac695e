package dev.paved.observability.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.metrics.prometheus.FixedMetricsConfig;
import dev.paved.observability.metrics.prometheus.PrometheusClient;

/** The limits and parameters checked before a query reaches Prometheus (which is never called here). */
class TeamMetricsTest {

    private static final Set<String> SHOP = Set.of("shop-dev");
    /** Nothing listens there: every case below must be refused before a call. */
    private static final FixedMetricsConfig CONFIG = FixedMetricsConfig.of(URI.create("http://127.0.0.1:9"));
    private static final TeamMetrics METRICS = new TeamMetrics(CONFIG, new PrometheusClient(CONFIG, new ObjectMapper()));

    static Stream<Arguments> badRangeQueries() {
        String start = "2026-01-05T10:00:00Z";
        return Stream.of(
                Arguments.of(range("up", start, "2026-01-12T10:00:01Z", "5m"), "INVALID_TIME_RANGE", "end",
                        "end is 7d1s after start; the longest range is 1w"),
                Arguments.of(range("up", start, "2026-01-05T09:59:59Z", "5m"), "INVALID_TIME_RANGE", "end",
                        "end must not be before start"),
                Arguments.of(range("up", start, "2026-01-05T11:00:00Z", "1s"), "INVALID_TIME_RANGE", "step",
                        "the finest step is 5s"),
                Arguments.of(range("up", start, "2026-01-12T10:00:00Z", "30s"), "INVALID_TIME_RANGE", "step",
                        "this step gives 20160 points per series, more than 11000; use a step of at least 55s"),
                Arguments.of(range("up", "yesterday", "2026-01-05T11:00:00Z", "1m"), "INVALID_TIME_RANGE", "start",
                        "start must be an RFC 3339 time or Unix seconds, not \"yesterday\""),
                Arguments.of(range("up", start, null, "1m"), "INVALID_TIME_RANGE", "end", "end is required"),
                Arguments.of(range("up", start, "2026-01-05T11:00:00Z", ""), "INVALID_TIME_RANGE", "step", "step is required"),
                Arguments.of(range("up", start, "2026-01-05T11:00:00Z", "1x"), "INVALID_TIME_RANGE", "step",
                        "step must be a duration such as 15s or a number of seconds, not \"1x\""),
                Arguments.of(range("up", start, "2026-01-05T11:00:00Z", "0"), "INVALID_TIME_RANGE", "step",
                        "step must be greater than 0"),
                Arguments.of(range("up[5m]", start, "2026-01-05T11:00:00Z", "1m"), "PROMQL_INVALID", "query",
                        "a range query needs an expression of type scalar or instant vector, not range vector"),
                Arguments.of(range("up{", start, "2026-01-05T11:00:00Z", "1m"), "PROMQL_INVALID", "query",
                        "1:4: unexpected end of input, expected string, label name or \"}\""),
                Arguments.of((Executable) () -> METRICS.query("up", "1e9999", SHOP), "INVALID_TIME_RANGE", "time",
                        "time must be an RFC 3339 time or Unix seconds, not \"1e9999\""),
                Arguments.of((Executable) () -> METRICS.labelValues("bad-name", List.of(), null, null, SHOP),
                        "INVALID_LABEL_NAME", "label", "a label name matches [a-zA-Z_][a-zA-Z0-9_]*"),
                Arguments.of((Executable) () -> METRICS.series(List.of(), null, null, SHOP), "PROMQL_INVALID", "match[]",
                        "at least one series selector is required"),
                Arguments.of((Executable) () -> METRICS.series(List.of("rate(up[5m])"), null, null, SHOP), "PROMQL_INVALID",
                        "match[]", "a series selector such as up{job=\"api\"} is expected, not an expression"),
                Arguments.of((Executable) () -> METRICS.labelNames(List.of(), "2026-01-05T11:00:00Z", "2026-01-05T10:00:00Z", SHOP),
                        "INVALID_TIME_RANGE", "end", "end must not be before start"));
    }

    private static Executable range(String query, String start, String end, String step) {
        return () -> METRICS.queryRange(query, start, end, step, SHOP);
    }

    @ParameterizedTest
    @MethodSource("badRangeQueries")
    void aBadParameterIsABadRequestNamingIt(Executable call, String code, String parameter, String message) {
        var problem = assertThrows(ProblemException.class, call);
        assertEquals(400, problem.status());
        assertEquals(code, problem.code());
        assertEquals(List.of(Violation.parameter(parameter, message)), problem.errors());
    }

    @Test
    void timesAreRfc3339OrUnixSecondsAndStepsDurationsOrSeconds() {
        Instant expected = Instant.parse("2026-01-05T10:00:00.250Z");
        assertEquals(expected, TeamMetrics.instant("time", "2026-01-05T10:00:00.250Z"));
        assertEquals(expected, TeamMetrics.instant("time", "2026-01-05T11:00:00.250+01:00"));
        assertEquals(expected, TeamMetrics.instant("time", "1767607200.25"));
        assertEquals(Duration.ofSeconds(90), TeamMetrics.step("step", "1m30s"));
        assertEquals(Duration.ofMillis(1500), TeamMetrics.step("step", "1.5"));
    }

    @Test
    void withoutPrometheusEveryCallSaysSoWhateverItsParameters() {
        var unconfigured = FixedMetricsConfig.of(null);
        var metrics = new TeamMetrics(unconfigured, new PrometheusClient(unconfigured, new ObjectMapper()));
        for (Executable call : List.<Executable>of(
                () -> metrics.query("up{", null, SHOP),
                () -> metrics.queryRange("up", null, null, null, SHOP),
                () -> metrics.series(List.of(), null, null, SHOP),
                () -> metrics.labelNames(List.of(), null, null, SHOP),
                () -> metrics.labelValues("pod", List.of(), null, null, SHOP))) {
            var problem = assertThrows(ProblemException.class, call);
            assertEquals(503, problem.status());
            assertEquals("PROMETHEUS_NOT_CONFIGURED", problem.code());
        }
    }
}
