package dev.paved.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import dev.paved.testing.LocalProcesses;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (Docker distribution 2.8) on a free
 * port of 127.0.0.1, plain HTTP without authentication, storing its blobs in a temporary directory.
 * Images are pushed through the distribution API itself, so a digest {@link #push} returns is the one
 * the registry answers for the tag.
 *
 * <p>Without the binary, {@link #start()} skips the test saying what to install, except with
 * {@value #CI_VARIABLE}=true, where that is a failure.
 */
public final class OciRegistryServer implements AutoCloseable {

    public static final String CI_VARIABLE = "PAVED_CI";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String BINARY = "docker-registry";
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    /** An empty gzip stream: the registry stores layers without looking into them. */
    private static final byte[] EMPTY_LAYER = HexFormat.of().parseHex("1f8b08000000000000ff0300000000000000000000");

    private final Process process;
    private final Path directory;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger pushes = new AtomicInteger();

    private OciRegistryServer(Process process, Path directory, URI url) {
        this.process = process;
        this.directory = directory;
        this.url = url;
    }

    /** Starts a registry, or skips the calling test (fails it in CI) when docker-registry is not installed. */
    public static OciRegistryServer start() {
        Path binary = requireInstalled();
        try {
            Path directory = Files.createTempDirectory("paved-registry");
            Path storage = Files.createDirectories(directory.resolve("storage"));
            for (int attempt = 1; ; attempt++) {
                int port = LocalProcesses.freePort();
                Path config = Files.writeString(directory.resolve("config.yml"), config(storage, port));
                Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("registry.log").toFile())
                        .start();
                var registry = new OciRegistryServer(process, directory, URI.create("http://127.0.0.1:" + port));
                // Another process may take the free port before the registry binds it: then try another.
                if (registry.awaitReady()) {
                    return registry;
                }
                if (attempt == 3) {
                    registry.close();
                    Assertions.fail("docker-registry found its port taken three times");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code docker-registry} is installed. */
    public static boolean installed() {
        return binary().isPresent();
    }

    /**
     * The binary, or the calling test is skipped saying what to install; with {@value #CI_VARIABLE}=true
     * it fails instead, since CI installs the package.
     */
    public static Path requireInstalled() {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            String why = "docker-registry is not installed (apt-get install -y docker-registry), so the tests"
                    + " against a real OCI registry cannot run";
            if ("true".equals(System.getenv(CI_VARIABLE))) {
                Assertions.fail(why + " (" + CI_VARIABLE + "=true: CI requires them)");
            }
            // Surefire names a skipped test but not why; the build log should say what to install.
            System.err.println("Skipped: " + why);
            Assumptions.abort(why);
        }
        return binary.orElseThrow();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String host() {
        return url.getAuthority();
    }

    public URI url() {
        return url;
    }

    /**
     * Pushes a small image (a config blob, one empty layer and an OCI image manifest) as
     * {@code repository:tag} and answers the manifest digest the registry reports. Every push makes a
     * different image, so pushing a tag again moves it to a new digest.
     */
    public String push(String repository, String tag) {
        int push = pushes.incrementAndGet();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Labels\":{\"dev.paved.test.image\":\"" + repository + ":" + tag + "\","
                + "\"dev.paved.test.push\":\"" + push + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(new byte[0]) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = uploadBlob(repository, config);
        String layerDigest = uploadBlob(repository, EMPTY_LAYER);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + OCI_CONFIG + "\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + OCI_LAYER + "\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + EMPTY_LAYER.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), 201, "PUT manifest " + repository + ":" + tag);
        String reported = response.headers().firstValue("Docker-Content-Digest")
                .orElseGet(() -> Assertions.fail("the registry answered no Docker-Content-Digest for the manifest"));
        Assertions.assertEquals(digest(manifest), reported, "the registry's digest of the pushed manifest");
        return reported;
    }

    private String uploadBlob(String repository, byte[] content) {
        String digest = digest(content);
        HttpResponse<String> started = send(HttpRequest.newBuilder(url.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202, "POST blob upload to " + repository);
        String location = started.headers().firstValue("Location")
                .orElseGet(() -> Assertions.fail("the registry answered no Location for the upload"));
        URI upload = url.resolve(location);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201, "PUT blob " + digest);
        return digest;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expectedStatus, String what) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                Assertions.fail(what + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed; registry log: " + log(), e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** {@code sha256:<hex>} of the bytes, as the distribution API names content. */
    public static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** True once {@code GET /v2/} answers, false when it exited because its port was taken; fails otherwise. */
    private boolean awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                if (log().contains("address already in use")) {
                    return false;
                }
                Assertions.fail("docker-registry exited at start: " + log());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(url.resolve("/v2/")).timeout(Duration.ofSeconds(2)).build(),
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
        return Assertions.fail("docker-registry did not answer GET /v2/ within " + READY_WITHIN + ": " + log());
    }

    private static String config(Path storage, int port) {
        return """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: paved-test-registry
                """.formatted(storage, port);
    }

    private String log() {
        return LocalProcesses.log(directory.resolve("registry.log"));
    }

    @Override
    public void close() {
        LocalProcesses.stop(process, directory);
    }

    private static Optional<Path> binary() {
        return LocalProcesses.program(BINARY);
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
