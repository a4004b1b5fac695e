package dev.paved.observability.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.metrics.domain.QueryResult;
import dev.paved.observability.metrics.domain.QueryResult.Point;

@RequiresPrometheus
class PrometheusClientTest {

    private static final Instant TEN_MINUTES_IN = TwoTeamsSeries.START.plusSeconds(600);

    private static LocalPrometheus prometheus;
    private static PrometheusClient client;

    @BeforeAll
    static void startPrometheus() {
        prometheus = LocalPrometheus.start(TwoTeamsSeries.all());
        client = clientOf(prometheus.url());
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static PrometheusClient clientOf(URI url) {
        return new PrometheusClient(FixedMetricsConfig.of(url), new ObjectMapper());
    }

    @Test
    void anInstantQueryAnswersAVectorOfLabelledSamples() {
        var result = assertInstanceOf(QueryResult.Vector.class,
                client.query("http_requests_total{namespace=\"shop-dev\", code=\"200\"}", TEN_MINUTES_IN));
        assertEquals(1, result.samples().size());
        var sample = result.samples().get(0);
        assertEquals(Map.of("__name__", "http_requests_total", "namespace", "shop-dev", "pod", "web-1", "code", "200"),
                sample.labels());
        assertEquals(new Point(TEN_MINUTES_IN, "600"), sample.point());
    }

    @Test
    void aRangeQueryAnswersAMatrixOfPoints() {
        var result = assertInstanceOf(QueryResult.Matrix.class, client.queryRange(
                "http_requests_total{namespace=\"shop-prod\"}", TwoTeamsSeries.START,
                TwoTeamsSeries.START.plusSeconds(60), Duration.ofSeconds(30)));
        assertEquals(1, result.series().size());
        assertEquals(List.of(new Point(TwoTeamsSeries.START, "0"), new Point(TwoTeamsSeries.START.plusSeconds(30), "60"),
                new Point(TwoTeamsSeries.START.plusSeconds(60), "120")), result.series().get(0).points());
    }

    @Test
    void scalarAndStringResultsKeepTheirType() {
        var scalar = assertInstanceOf(QueryResult.Scalar.class,
                client.query("scalar(kube_pod_info{namespace=\"shop-dev\"}) * 2", TEN_MINUTES_IN));
        assertEquals(new Point(TEN_MINUTES_IN, "2"), scalar.point());
        var text = assertInstanceOf(QueryResult.Text.class, client.query("\"hello\"", TEN_MINUTES_IN));
        assertEquals("hello", text.point().value());
        var special = assertInstanceOf(QueryResult.Scalar.class, client.query("1 / 0", TEN_MINUTES_IN));
        assertEquals("+Inf", special.point().value());
    }

    @Test
    void seriesAndLabelsAnswerWhatTheSelectorsMatch() {
        assertEquals(List.of(Map.of("__name__", "kube_pod_info", "namespace", "shop-prod", "pod", "web-1", "node", "node-b")),
                client.series(List.of("kube_pod_info{namespace=\"shop-prod\"}"), TwoTeamsSeries.START, TwoTeamsSeries.END));
        assertEquals(List.of("__name__", "instance"),
                client.labelNames(List.of("node_load1"), TwoTeamsSeries.START, TwoTeamsSeries.END));
        assertEquals(List.of("node-a", "node-b", "node-c"),
                client.labelValues("node", List.of("kube_pod_info"), TwoTeamsSeries.START, TwoTeamsSeries.END));
    }

    @Test
    void aQueryPrometheusRefusesIsABadRequest() {
        var problem = assertThrows(ProblemException.class, () -> client.query("rate(x[5m]", TEN_MINUTES_IN));
        assertEquals(400, problem.status());
        assertEquals("PROMQL_INVALID", problem.code());
        assertEquals("query", problem.errors().get(0).parameter());
    }

    @Test
    void aQueryPrometheusCannotEvaluateIsUnprocessable() {
        var problem = assertThrows(ProblemException.class,
                () -> client.query("http_requests_total + on () kube_pod_info", TEN_MINUTES_IN));
        assertEquals(422, problem.status());
        assertEquals("PROMQL_EXECUTION_FAILED", problem.code());
        assertTrue(problem.getMessage().contains("many-to-many matching not allowed"), problem.getMessage());
    }

    @Test
    void aPrometheusThatDoesNotAnswerInTimeIsAGatewayTimeout() throws IOException {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var impatient = new PrometheusClient(FixedMetricsConfig.of(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .withQueryTimeout(Duration.ofMillis(200)), new ObjectMapper());
            var problem = assertThrows(ProblemException.class, () -> impatient.query("up", null));
            assertEquals(504, problem.status());
            assertEquals("PROMETHEUS_TIMEOUT", problem.code());
        }
    }

    @Test
    void prometheusErrorTypesBecomeProblemsOfTheMatchingStatus() throws IOException {
        assertEquals(504, problemFromCannedAnswer(503, "timeout", "query timed out in query execution").status());
        assertEquals("PROMETHEUS_TIMEOUT", problemFromCannedAnswer(503, "timeout", "query timed out").code());
        assertEquals(503, problemFromCannedAnswer(503, "unavailable", "not ready").status());
        assertEquals(503, problemFromCannedAnswer(503, "canceled", "query was canceled").status());
        assertEquals(502, problemFromCannedAnswer(500, "internal", "boom").status());
    }

    private static ProblemException problemFromCannedAnswer(int status, String errorType, String error) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + error + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            return assertThrows(ProblemException.class,
                    () -> clientOf(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).query("up", null));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachablePrometheusIsUnavailable() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var problem = assertThrows(ProblemException.class,
                () -> clientOf(URI.create("http://127.0.0.1:" + closedPort)).query("up", null));
        assertEquals(503, problem.status());
        assertEquals("PROMETHEUS_UNAVAILABLE", problem.code());
    }

    @Test
    void somethingElseThanThePrometheusApiIsABadGateway() {
        var problem = assertThrows(ProblemException.class,
                () -> clientOf(prometheus.url().resolve("/not-prometheus")).query("up", null));
        assertEquals(502, problem.status());
        assertEquals("PROMETHEUS_BAD_RESPONSE", problem.code());
    }

    @Test
    void withoutAPrometheusUrlEveryCallSaysItIsNotConfigured() {
        var unconfigured = clientOf(null);
        var problem = assertThrows(ProblemException.class, () -> unconfigured.query("up", null));
        assertEquals(503, problem.status());
        assertEquals("PROMETHEUS_NOT_CONFIGURED", problem.code());
        assertThrows(ProblemException.class, () -> unconfigured.labelNames(List.of(), null, null));
    }
}
