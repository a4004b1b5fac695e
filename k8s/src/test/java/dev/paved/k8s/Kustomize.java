package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import dev.paved.testing.LocalProcesses;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Renders a kustomization as {@code kubectl apply -k} would: with {@code kubectl kustomize} (kubectl
 * 1.27 or newer, which embeds kustomize 5). Without kubectl on the PATH the test is skipped saying
 * what to install, except in CI ({@value #CI_VARIABLE}=true), where that is a failure.
 */
final class Kustomize {

    static final String CI_VARIABLE = "PAVED_CI";
    private static final long TIMEOUT_SECONDS = 120;
    private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects {@code directory} renders to, typed; rendered once per test JVM. */
    static List<HasMetadata> render(Path directory) {
        Path kubectl = kubectl();
        return RENDERED.computeIfAbsent(directory, dir -> Manifests.parse(run(kubectl, dir), dir.toString()));
    }

    private static Path kubectl() {
        Optional<Path> found = LocalProcesses.program("kubectl");
        if (found.isEmpty()) {
            String why = "kubectl is not on the PATH, so the overlays cannot be rendered. Install kubectl 1.27 or"
                    + " newer (it embeds kustomize 5); CI checks for it (.ci/run).";
            if ("true".equals(System.getenv(CI_VARIABLE))) {
                fail(why + " (" + CI_VARIABLE + "=true: CI requires this check.)");
            }
            // Surefire names a skipped test but not why; the build log should say what to install.
            System.err.println("Skipped: " + why);
            Assumptions.abort(why);
        }
        return found.orElseThrow();
    }

    private static ByteArrayInputStream run(Path kubectl, Path directory) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                        .redirectError(errors.toFile()).start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + directory + " took over " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + directory + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return new ByteArrayInputStream(output);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted rendering " + directory, e);
        }
    }
}
