package dev.paved.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A tool of the contract's npm project ({@code openapi/package.json}), run with the {@code node} on
 * the PATH. Without node or the installed package the check is skipped with what to install,
 * except in CI ({@value #CI_VARIABLE}=true), where that is a failure.
 */
record NodeTool(Path node, Path script) {

    static final String CI_VARIABLE = "PAVED_CI";
    /** The module directory, the working directory of its tests. */
    static final Path MODULE = Path.of("").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 300;

    /** {@code name} from {@code node_modules/.bin}, or the test is skipped (failed in CI) saying why. */
    static NodeTool require(String name) {
        String install = "Install Node.js 20.19 or newer with npm, then run `npm ci` in " + MODULE
                + " (CI does: .ci/run).";
        Optional<Path> node = onPath("node");
        if (node.isEmpty()) {
            missing("node is not on the PATH, so " + name + " cannot run. " + install);
        }
        Path script = MODULE.resolve("node_modules/.bin").resolve(name);
        if (!Files.exists(script)) {
            missing(script + " is missing: the contract's npm packages are not installed. " + install);
        }
        return new NodeTool(node.orElseThrow(), script);
    }

    private static void missing(String why) {
        if ("true".equals(System.getenv(CI_VARIABLE))) {
            fail(why + " (" + CI_VARIABLE + "=true: CI requires this check.)");
        }
        // Surefire names a skipped test but not why; the build log should say what to install.
        System.err.println("Skipped: " + why);
        Assumptions.abort(why);
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool in the module directory; its output is both streams together. */
    Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString(), script.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }
}
