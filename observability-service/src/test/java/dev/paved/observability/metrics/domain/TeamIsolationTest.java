package dev.paved.observability.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.metrics.prometheus.FixedMetricsConfig;
import dev.paved.observability.metrics.prometheus.LocalPrometheus;
import dev.paved.observability.metrics.prometheus.PrometheusClient;
import dev.paved.observability.metrics.prometheus.RequiresPrometheus;
import dev.paved.observability.metrics.prometheus.TwoTeamsSeries;

/**
 * Queries that try to reach team billing's series, sent for team shop through {@link TeamMetrics}
 * to a real Prometheus that holds both teams' series. Each must answer exactly what the same query,
 * unscoped, answers from a Prometheus that holds only shop's series: then nothing in the answer,
 * no series, value, count or absence, depends on billing's data. Each must also answer something
 * else when sent unscoped to the Prometheus with both teams, so the corpus really reaches billing
 * and a scoping that let it through would fail here.
 */
@RequiresPrometheus
class TeamIsolationTest {

    private static final Instant TWENTY_MINUTES_IN = TwoTeamsSeries.START.plusSeconds(20 * 60);

    private static LocalPrometheus bothTeams;
    private static LocalPrometheus shopOnly;
    private static TeamMetrics forShop;
    private static PrometheusClient unscopedBothTeams;
    private static PrometheusClient unscopedShopOnly;

    @BeforeAll
    static void startPrometheus() {
        bothTeams = LocalPrometheus.start(TwoTeamsSeries.all());
        shopOnly = LocalPrometheus.start(TwoTeamsSeries.shopOnly());
        var json = new ObjectMapper();
        var config = FixedMetricsConfig.of(bothTeams.url());
        unscopedBothTeams = new PrometheusClient(config, json);
        forShop = new TeamMetrics(config, unscopedBothTeams);
        unscopedShopOnly = new PrometheusClient(FixedMetricsConfig.of(shopOnly.url()), json);
    }

    @AfterAll
    static void stopPrometheus() {
        if (bothTeams != null) {
            bothTeams.close();
        }
        if (shopOnly != null) {
            shopOnly.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{__name__=~\".+\"}",
        "{__name__=~\".+\", namespace=~\".+\"}",
        "{namespace=~\".+\"}",
        "{namespace!=\"shop-dev\", __name__=~\".+\"}",
        "{namespace=\"billing-dev\"}",
        "{namespace=~\"billing.*|shop-dev\"}",
        "billing_secret_total",
        "node_load1",
        "http_requests_total or billing_secret_total",
        "{__name__=~\"billing.*\"} or vector(1)",
        "kube_pod_info unless on (namespace) kube_pod_info{namespace=\"shop-dev\"}",
        "label_replace(http_requests_total{namespace=\"billing-dev\"}, \"namespace\", \"shop-dev\", \"\", \"\")",
        "label_replace({__name__=~\".+\"}, \"origin\", \"$1\", \"namespace\", \"(.*)\")",
        "label_join(kube_pod_info, \"namespace\", \",\", \"node\", \"pod\")",
        "sum(http_requests_total)",
        "sum(container_memory_working_set_bytes)",
        "max(container_memory_working_set_bytes)",
        "count({__name__=~\".+\"})",
        "count by (namespace) ({__name__=~\".+\"})",
        "group by (namespace, pod) ({__name__=~\".+\"})",
        "sum by (node) (kube_pod_info)",
        "count_values(\"bytes\", container_memory_working_set_bytes)",
        "topk(1, container_memory_working_set_bytes)",
        "sort_desc(sum by (namespace) (rate(http_requests_total[5m])))",
        "max_over_time(sum(rate(http_requests_total[1m]))[10m:1m])",
        "rate(http_requests_total[5m])[10m:1m]",
        "{__name__=~\".+\"}[1m]",
        "absent(billing_secret_total)",
        "absent(billing_secret_total{namespace=\"billing-dev\"})",
        "absent_over_time(billing_secret_total{namespace=\"billing-dev\"}[10m])",
        "container_memory_working_set_bytes * on () group_left () max(container_memory_working_set_bytes)",
        "http_requests_total * on (namespace, pod) group_left (node) kube_pod_info",
        "kube_pod_info and on (pod) kube_pod_info{namespace=\"billing-dev\"}",
        "billing_secret_total @ end()",
        "sum(http_requests_total offset 10m)",
        "sum(http_requests_total @ 1767607500)",
        "timestamp(billing_secret_total)",
        "scalar(sum(container_memory_working_set_bytes))",
        "count(count by (namespace) ({__name__=~\".+\"})) > bool 2",
        "sum(container_memory_working_set_bytes) / scalar(count(kube_pod_info))"})
    void aQueryForShopAnswersAsIfBillingDidNotExist(String query) {
        String scoped = canonical(forShop.query(query, TWENTY_MINUTES_IN.toString(), TwoTeamsSeries.SHOP));
        String withoutBilling = canonical(unscopedShopOnly.query(query, TWENTY_MINUTES_IN));
        String unscoped = canonical(unscopedBothTeams.query(query, TWENTY_MINUTES_IN));
        assertNotEquals(withoutBilling, unscoped, "the query does not reach billing's series at all");
        assertEquals(withoutBilling, scoped);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sum(rate(http_requests_total[1m]))",
        "{__name__=~\".+\"}",
        "count by (namespace) ({namespace=~\".+\"})",
        "topk(1, container_memory_working_set_bytes) or absent(billing_secret_total)"})
    void aRangeQueryForShopAnswersAsIfBillingDidNotExist(String query) {
        Instant start = TwoTeamsSeries.START.plusSeconds(300);
        Instant end = TwoTeamsSeries.END;
        Duration step = Duration.ofMinutes(1);
        String scoped = canonical(forShop.queryRange(query, start.toString(), end.toString(), "1m", TwoTeamsSeries.SHOP));
        String withoutBilling = canonical(unscopedShopOnly.queryRange(query, start, end, step));
        assertNotEquals(withoutBilling, canonical(unscopedBothTeams.queryRange(query, start, end, step)),
                "the query does not reach billing's series at all");
        assertEquals(withoutBilling, scoped);
    }

    @Test
    void seriesAndLabelsForShopShowOnlyShopsSeries() {
        String start = TwoTeamsSeries.START.toString();
        String end = TwoTeamsSeries.END.toString();
        for (List<String> match : List.of(List.of("{__name__=~\".+\"}"), List.of("{namespace=\"billing-dev\"}", "node_load1"))) {
            var scoped = forShop.series(match, start, end, TwoTeamsSeries.SHOP);
            var withoutBilling = unscopedShopOnly.series(match, TwoTeamsSeries.START, TwoTeamsSeries.END);
            assertNotEquals(withoutBilling, unscopedBothTeams.series(match, TwoTeamsSeries.START, TwoTeamsSeries.END));
            assertEquals(withoutBilling, scoped);
        }
        assertEquals(List.of("shop-dev", "shop-prod"), forShop.labelValues("namespace", List.of(), start, end, TwoTeamsSeries.SHOP));
        assertEquals(List.of("node-a", "node-b"), forShop.labelValues("node", List.of(), start, end, TwoTeamsSeries.SHOP));
        assertEquals(List.of(), forShop.labelValues("instance", List.of(), start, end, TwoTeamsSeries.SHOP));
        assertEquals(unscopedShopOnly.labelNames(List.of(), TwoTeamsSeries.START, TwoTeamsSeries.END),
                forShop.labelNames(List.of(), start, end, TwoTeamsSeries.SHOP));
        assertEquals(List.of(), forShop.labelValues("pod", List.of("billing_secret_total"), start, end, TwoTeamsSeries.SHOP));
    }

    @Test
    void queriesWithoutSelectorsAnswerTheSameForEveryone() {
        for (String query : List.of("vector(1)", "time()", "1 + 1", "\"text\"")) {
            assertEquals(canonical(unscopedBothTeams.query(query, TWENTY_MINUTES_IN)),
                    canonical(forShop.query(query, TWENTY_MINUTES_IN.toString(), TwoTeamsSeries.SHOP)));
        }
    }

    @Test
    void aQueryThatCannotBeConfinedIsRefusedBeforeItReachesPrometheus() {
        var problem = assertThrows(ProblemException.class, () -> forShop.query(
                "info(rate(http_requests_total[5m]))", TWENTY_MINUTES_IN.toString(), TwoTeamsSeries.SHOP));
        assertEquals("PROMQL_NOT_ALLOWED", problem.code());
    }

    @Test
    void aFunctionThisPrometheusDoesNotKnowIsABadRequestFromPrometheus() {
        var problem = assertThrows(ProblemException.class, () -> forShop.query(
                "mad_over_time(http_requests_total[5m])", TWENTY_MINUTES_IN.toString(), TwoTeamsSeries.SHOP));
        assertEquals(400, problem.status());
        assertEquals("PROMQL_INVALID", problem.code());
    }

    /** The answer as comparable text: series sorted by their labels, labels sorted by name. */
    private static String canonical(QueryResult result) {
        if (result instanceof QueryResult.Vector vector) {
            return vector.samples().stream()
                    .map(sample -> new TreeMap<>(sample.labels()) + "=" + sample.point())
                    .sorted().collect(Collectors.joining("\n", "vector\n", ""));
        }
        if (result instanceof QueryResult.Matrix matrix) {
            return matrix.series().stream()
                    .map(series -> new TreeMap<>(series.labels()) + "=" + series.points())
                    .sorted().collect(Collectors.joining("\n", "matrix\n", ""));
        }
        if (result instanceof QueryResult.Scalar scalar) {
            return "scalar " + scalar.point();
        }
        return "string " + ((QueryResult.Text) result).point();
    }
}
