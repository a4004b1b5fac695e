package dev.paved.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A launcher in a JVM of its own, for tests that stop that JVM: {@code LauncherProcess ROOT}. */
public final class LauncherProcess {

    static final String STARTED = "started";

    private LauncherProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of(args[0]);
        PlatformOptions options = PlatformOptions.local(root, root.resolve("data")).withPorts(Ports.free())
                .withReadyTimeout(Duration.ofSeconds(60)).withoutSimulator();
        PlatformLauncher launcher = new PlatformLauncher(options, System.out::println);
        launcher.start();
        System.out.println(STARTED);
        System.out.flush();
        launcher.awaitStop();
    }
}
