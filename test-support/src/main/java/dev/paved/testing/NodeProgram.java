package dev.paved.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A program of one of the repository's npm projects (a directory with package.json and
 * package-lock.json, installed by {@code npm ci}, which CI does: .ci/run), run with the {@code node}
 * on the PATH in the project's directory. Without node or the project's installed packages the test
 * is skipped saying what to install, except in CI ({@value #CI_VARIABLE}=true), where that is a
 * failure.
 */
public record NodeProgram(Path node, Path project, List<String> program) {

    public static final String CI_VARIABLE = "PAVED_CI";
    private static final long TIMEOUT_SECONDS = 300;

    /** A tool of the project's {@code node_modules/.bin} (redocly, tsc). */
    public static NodeProgram tool(Path project, String name) {
        Path node = node(project, name);
        Path script = project.resolve("node_modules/.bin").resolve(name);
        if (!Files.exists(script)) {
            missing(script + " is missing: the npm packages of " + project + " are not installed.", project);
        }
        return new NodeProgram(node, project, List.of(script.toString()));
    }

    /** A script of the project itself, which needs the project's installed package {@code requiredPackage}. */
    public static NodeProgram script(Path project, String script, String requiredPackage) {
        Path node = node(project, script);
        if (!Files.isDirectory(project.resolve("node_modules").resolve(requiredPackage))) {
            missing(requiredPackage + " is not installed in " + project + ".", project);
        }
        return new NodeProgram(node, project, List.of(project.resolve(script).toString()));
    }

    private static Path node(Path project, String what) {
        Optional<Path> node = onPath("node");
        if (node.isEmpty()) {
            missing("node is not on the PATH, so " + what + " cannot run.", project);
        }
        return node.orElseThrow();
    }

    private static void missing(String why, Path project) {
        String message = why + " Install Node.js 20.19 or newer with npm, then run `npm ci` in " + project
                + " (CI does: .ci/run).";
        if ("true".equals(System.getenv(CI_VARIABLE))) {
            fail(message + " (" + CI_VARIABLE + "=true: CI requires this check.)");
        }
        // Surefire names a skipped test but not why; the build log should say what to install.
        System.err.println("Skipped: " + message);
        Assumptions.abort(message);
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

    public Result run(String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), arguments);
    }

    /** Runs the program in the project directory with these variables added; its output is both streams together. */
    public Result run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.addAll(program);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String output) {
    }
}
