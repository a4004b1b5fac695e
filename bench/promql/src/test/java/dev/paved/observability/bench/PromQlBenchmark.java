package dev.paved.observability.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this folder in the test JVM (bench/promql/run.sh) and writes a summary
 * to target/bench-promql.txt. The Prometheus comparison runs where the prometheus binary is
 * installed.
 */
class PromQlBenchmark {

    @Test
    void measure() throws RunnerException, IOException {
        boolean withPrometheus = Files.isExecutable(Path.of("/usr/bin/prometheus"));
        var options = new OptionsBuilder()
                .include(ScopingBenchmark.class.getName())
                .forks(0)
                .threads(1)
                .warmupIterations(Integer.getInteger("paved.bench.warmups", 5))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("paved.bench.iterations", 5))
                .measurementTime(TimeValue.seconds(1));
        if (withPrometheus) {
            options.include(PrometheusOverheadBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        var lines = new ArrayList<String>();
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String name = params.getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1")
                    + (params.getParamsKeys().contains("kind") ? " [" + params.getParam("kind") + "]" : "");
            double score = result.getPrimaryResult().getScore();
            scores.put(name, score);
            lines.add(String.format("%-62s %10.2f ± %.2f %s", name, score, result.getPrimaryResult().getScoreError(),
                    result.getPrimaryResult().getScoreUnit()));
        }
        lines.sort(null);
        for (String kind : List.of("simple", "ratio", "latency", "join")) {
            lines.add(String.format("query [%s]: %d characters", kind, ScopingBenchmark.query(kind).length()));
        }
        Double through = scores.get("PrometheusOverheadBenchmark.throughTeamMetrics");
        Double direct = scores.get("PrometheusOverheadBenchmark.directToPrometheus");
        if (through != null && direct != null) {
            lines.add(String.format("through TeamMetrics / direct to Prometheus: %.2f", through / direct));
        } else {
            lines.add("prometheus is not installed: the comparison with Prometheus did not run");
        }
        Path report = Path.of("target", "bench-promql.txt");
        Files.write(report, lines);
        lines.forEach(System.out::println);
    }
}
