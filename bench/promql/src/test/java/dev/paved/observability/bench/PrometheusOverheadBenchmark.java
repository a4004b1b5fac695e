package dev.paved.observability.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.observability.metrics.domain.QueryResult;
import dev.paved.observability.metrics.domain.ScopedQueries;
import dev.paved.observability.metrics.domain.TeamMetrics;
import dev.paved.observability.metrics.prometheus.FixedMetricsConfig;
import dev.paved.observability.metrics.prometheus.LocalPrometheus;
import dev.paved.observability.metrics.prometheus.PrometheusClient;
import dev.paved.observability.metrics.prometheus.TwoTeamsSeries;

/**
 * One query through {@link TeamMetrics} (confine, call, decode into typed results) against the
 * already confined query posted to the same Prometheus with a bare HTTP client that only reads the
 * answer's bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrometheusOverheadBenchmark {

    static final String QUERY = "sum by (namespace, pod) (rate(http_requests_total{code=\"200\"}[5m]))";
    static final String TIME = TwoTeamsSeries.START.plusSeconds(1200).toString();

    private LocalPrometheus prometheus;
    private TeamMetrics metrics;
    private HttpClient http;
    private HttpRequest direct;

    @Setup(Level.Trial)
    public void start() {
        prometheus = LocalPrometheus.start(TwoTeamsSeries.all());
        var config = FixedMetricsConfig.of(prometheus.url());
        metrics = new TeamMetrics(config, new PrometheusClient(config, new ObjectMapper()));
        String scoped = new ScopedQueries("namespace", 16_384).scope(QUERY, TwoTeamsSeries.SHOP).promql();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        direct = HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(scoped, StandardCharsets.UTF_8)
                        + "&time=" + TwoTeamsSeries.START.plusSeconds(1200).getEpochSecond()))
                .build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        prometheus.close();
    }

    @Benchmark
    public byte[] directToPrometheus() throws IOException, InterruptedException {
        return http.send(direct, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Benchmark
    public QueryResult throughTeamMetrics() {
        return metrics.query(QUERY, TIME, TwoTeamsSeries.SHOP);
    }
}
