package dev.paved.observability.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.paved.observability.metrics.domain.ScopedQueries;
import dev.paved.observability.metrics.domain.promql.Expr;
import dev.paved.observability.metrics.domain.promql.PromQl;

/** Parsing alone, and parse + confine + print, for queries of a dashboard's kinds. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScopingBenchmark {

    @Param({"simple", "ratio", "latency", "join"})
    public String kind;

    private final ScopedQueries scopedQueries = new ScopedQueries("namespace", 16_384);
    private final Set<String> namespaces = Set.of("shop-dev", "shop-prod");
    private String query;

    public static String query(String kind) {
        return switch (kind) {
            case "simple" -> "rate(http_requests_total{code=\"500\"}[5m])";
            case "ratio" -> "sum by (namespace, pod) (rate(http_requests_total{code=~\"5..\"}[5m]))"
                    + " / sum by (namespace, pod) (rate(http_requests_total[5m])) > bool 0.01";
            case "latency" -> "histogram_quantile(0.99, sum by (le, namespace) (rate("
                    + "http_request_duration_seconds_bucket{job=\"web\", handler!~\"/health.*\"}[5m])))"
                    + " or on (namespace) max_over_time(histogram_quantile(0.99, sum by (le, namespace)"
                    + " (rate(http_request_duration_seconds_bucket[1m])))[1h:1m] offset 1d)";
            default -> "sum by (namespace, pod, node) ("
                    + "  container_memory_working_set_bytes{container!=\"\", container!=\"POD\"}"
                    + "  * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)"
                    + ") / on (namespace, pod) group_left sum by (namespace, pod) ("
                    + "  kube_pod_container_resource_limits{resource=\"memory\"}) unless on (namespace, pod)"
                    + " (absent_over_time(kube_pod_info[10m]) or label_replace(up{job=\"kubelet\"} @ end(),"
                    + " \"pod\", \"$1\", \"instance\", \"(.*)\"))";
        };
    }

    @org.openjdk.jmh.annotations.Setup
    public void choose() {
        query = query(kind);
    }

    @Benchmark
    public Expr parse() {
        return PromQl.parse(query);
    }

    @Benchmark
    public String parseConfineAndPrint() {
        return scopedQueries.scope(query, namespaces).promql();
    }
}
