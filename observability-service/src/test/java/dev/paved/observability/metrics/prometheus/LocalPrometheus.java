package dev.paved.observability.metrics.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;

import dev.paved.testing.LocalProcesses;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for tests: its TSDB is built from an
 * OpenMetrics text with {@code promtool tsdb create-blocks-from openmetrics} before it starts, so
 * its series and samples are exactly the given ones. It listens on a free port of 127.0.0.1 and
 * scrapes nothing. Tests that use it are marked {@link RequiresPrometheus}.
 */
public final class LocalPrometheus implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final Path directory;
    private final URI url;

    private LocalPrometheus(Process process, Path directory, URI url) {
        this.process = process;
        this.directory = directory;
        this.url = url;
    }

    /** Starts a Prometheus holding exactly the samples of {@code openMetrics} (which ends with {@code # EOF}). */
    public static LocalPrometheus start(String openMetrics) {
        Path prometheus = binary("prometheus");
        Path promtool = binary("promtool");
        try {
            Path directory = Files.createTempDirectory("paved-prometheus");
            Path data = Files.createDirectories(directory.resolve("data"));
            Path input = Files.writeString(directory.resolve("series.om.txt"), openMetrics);
            Path config = Files.writeString(directory.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
            run(directory, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                    input.toString(), data.toString());
            for (int attempt = 1; ; attempt++) {
                int port = LocalProcesses.freePort();
                Process process = new ProcessBuilder(prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=100y",
                        "--web.listen-address=127.0.0.1:" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("prometheus.log").toFile())
                        .start();
                var local = new LocalPrometheus(process, directory, URI.create("http://127.0.0.1:" + port));
                // Another process may take the free port before Prometheus binds it: then try another.
                if (local.awaitReady()) {
                    return local;
                }
                if (attempt == 3) {
                    local.close();
                    Assertions.fail("prometheus found its port taken three times");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return url;
    }

    /** True once ready, false when it exited because its port was taken; fails on anything else. */
    private boolean awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                if (log().contains("address already in use")) {
                    return false;
                }
                Assertions.fail("prometheus exited at start: " + log());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // Still starting.
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
            sleep();
        }
        close();
        return Assertions.fail("prometheus was not ready within " + READY_WITHIN + ": " + log());
    }

    private String log() {
        return LocalProcesses.log(directory.resolve("prometheus.log"));
    }

    @Override
    public void close() {
        LocalProcesses.stop(process, directory);
    }

    /** Whether the prometheus and promtool binaries are there. */
    public static boolean installed() {
        return find("prometheus").isPresent() && find("promtool").isPresent();
    }

    private static Path binary(String name) {
        return find(name).orElseGet(() -> Assertions.fail("the " + name + " binary is not installed"
                + " (apt-get install -y prometheus), and PAVED_CI=true requires the tests against a real Prometheus"));
    }

    private static Optional<Path> find(String name) {
        return Stream.concat(Stream.of("/usr/bin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Paths.get(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void run(Path directory, String... command) throws IOException {
        Path output = directory.resolve("promtool.log");
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " failed: " + Files.readString(output));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
