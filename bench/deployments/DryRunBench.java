import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * N dry-run deployments of a web service through the gateway, one after another (after a warm-up of
 * the same size), timing each from request to complete answer. Counts only 200 answers; any other
 * status fails the run. With the launcher's pid and the platform's data directory it also prints the
 * CPU time each of the platform's processes spent on the measured requests (from /proc; Linux only):
 * on a shared machine the latencies follow whatever else runs, the CPU per request much less.
 *
 *   java DryRunBench.java GATEWAY_URL TOKEN ENVIRONMENT [N [LAUNCHER_PID DATA_DIR]]
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
        Map<String, List<Long>> processes = args.length > 5 ? platformProcesses(Long.parseLong(args[4]), args[5])
                : Map.of();
        Map<String, Long> before = ticks(processes);
        long started = System.nanoTime();
        List<Double> millis = run(http, target, token, count);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> after = ticks(processes);
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "dry-run deployments through the gateway: %d, all 200, in %.2f s; p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n", count, seconds, percentile(millis, 50), percentile(millis, 99),
                millis.get(millis.size() - 1));
        long total = 0;
        for (String name : processes.keySet()) {
            long used = after.get(name) - before.get(name);
            total += used;
            System.out.printf(Locale.ROOT, "  CPU %-45s %6.2f s  (%.2f ms per request)%n", name, used / TICKS_PER_SECOND,
                    used / TICKS_PER_SECOND * 1000 / count);
        }
        if (!processes.isEmpty()) {
            System.out.printf(Locale.ROOT, "  CPU %-45s %6.2f s  (%.2f ms per request)%n", "platform, all of it",
                    total / TICKS_PER_SECOND, total / TICKS_PER_SECOND * 1000 / count);
        }
    }

    private static final double TICKS_PER_SECOND = 100;

    /**
     * The platform's processes by name, each with the pids whose CPU it sums: every service (the
     * launcher's children that name one), the launcher itself (it serves the in-process Kubernetes
     * API), and the PostgreSQL server of the data directory with its backends.
     */
    private static Map<String, List<Long>> platformProcesses(long launcher, String data) throws IOException {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("launcher (in-process Kubernetes API)", List.of(launcher));
        ProcessHandle.of(launcher).orElseThrow().children().forEach(child -> {
            String service = commandLine(child.pid()).replaceFirst("(?s).*-Dpaved\\.service=(\\S+).*", "$1");
            if (!service.equals(commandLine(child.pid()))) {
                processes.put(service, List.of(child.pid()));
            }
        });
        ProcessHandle.allProcesses().filter(process -> commandLine(process.pid())
                .contains(" -D " + Path.of(data, "postgres") + " ")).findFirst().ifPresent(server -> processes
                        .put("PostgreSQL (server and backends)", Stream.concat(Stream.of(server),
                                server.children()).map(ProcessHandle::pid).toList()));
        return processes;
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /** utime + stime of each named group, in clock ticks (processes that ended count 0 from then on). */
    private static Map<String, Long> ticks(Map<String, List<Long>> processes) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, pids) -> ticks.put(name, pids.stream().mapToLong(pid -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }).sum()));
        return ticks;
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
