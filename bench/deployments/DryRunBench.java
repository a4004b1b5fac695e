import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * N dry-run deployments of a web service through the gateway, one after another (after a warm-up of
 * the same size), timing each from request to complete answer. Counts only 200 answers; any other
 * status fails the run.
 *
 *   java DryRunBench.java GATEWAY_URL TOKEN ENVIRONMENT [N]
 */
public class DryRunBench {

    private static final String SPEC = """
            {"name": "bench-%d", "goldenPath": "web-service", "image": "registry.example.com/bench/web:1.0.0",
             "ports": [{"name": "http", "port": 8080}],
             "variables": {"MODE": "bench"},
             "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "20m", "memory": "32Mi"}},
             "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
            """;

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0] + "/api/v1/environments/" + args[2] + "/deployments?dryRun=true");
        String token = args[1];
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        run(http, target, token, count);
        List<Double> millis = run(http, target, token, count);
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "dry-run deployments through the gateway: %d, all 200; p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n", count, percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
    }

    private static List<Double> run(HttpClient http, URI target, String token, int count) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SPEC.formatted(i % 50))).build();
            long started = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - started) / 1e6);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("dry run " + i + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
        }
        return millis;
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
