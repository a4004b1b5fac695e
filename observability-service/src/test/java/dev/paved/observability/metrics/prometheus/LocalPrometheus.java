package dev.paved.observability.metrics.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for tests: its TSDB is built from an
 * OpenMetrics text with {@code promtool tsdb create-blocks-from openmetrics} before it starts, so
 * its series and samples are exactly the given ones. It listens on a free port of 127.0.0.1 and
 * scrapes nothing. Where the binaries are missing the calling test is skipped, saying so, unless
 * {@code PAVED_CI=true}: then it fails, because CI installs the package.
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
            int port = freePort();
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prometheus.log").toFile())
                    .start();
            var local = new LocalPrometheus(process, directory, URI.create("http://127.0.0.1:" + port));
            local.awaitReady();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return url;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                Assertions.fail("prometheus exited at start: " + log());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
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
        Assertions.fail("prometheus was not ready within " + READY_WITHIN + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException leftBehind) {
            // A temporary directory; nothing depends on it.
        }
    }

    private static Path binary(String name) {
        Optional<Path> found = Stream.concat(Stream.of("/usr/bin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Paths.get(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = "the " + name + " binary is not installed (apt-get install -y prometheus)";
            if ("true".equals(System.getenv("PAVED_CI"))) {
                Assertions.fail(message + ", and PAVED_CI=true requires the tests against a real Prometheus to run");
            }
            Assumptions.abort("Skipped: " + message);
        }
        return found.get();
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

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
