package dev.paved.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What tests that run a real program from a package (a registry, Prometheus, kubectl) need of it. */
public final class LocalProcesses {

    private LocalProcesses() {
    }

    /** The executable {@code name} in /usr/bin or on the PATH, if installed. */
    public static Optional<Path> program(String name) {
        return Stream.concat(Stream.of("/usr/bin"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** A loopback port free now; another process may take it before the server binds it. */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The server's log, or why it cannot be read, for a failure message. */
    public static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the server (forcibly after 10 s) and deletes its temporary directory. */
    public static void stop(Process process, Path directory) {
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
}
