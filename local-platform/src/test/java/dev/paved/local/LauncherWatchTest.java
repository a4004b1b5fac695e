package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherWatchTest {

    @TempDir
    Path directory;

    @Test
    void aWatchingJvmEndsWhenTheWatchedProcessIsKilled() throws Exception {
        Path agent = LauncherWatch.writeAgentJar(directory.resolve("watch.jar"));
        Process launcher = new ProcessBuilder("sleep", "120").start();
        Process service = startIdleJvm("-javaagent:" + agent + "=" + launcher.pid());
        try {
            assertFalse(service.waitFor(1, TimeUnit.SECONDS), "the service runs while the launcher does");

            launcher.destroyForcibly();

            assertTrue(service.waitFor(20, TimeUnit.SECONDS), "the service did not end with its launcher");
        } finally {
            launcher.destroyForcibly();
            service.destroyForcibly();
        }
    }

    @Test
    void theAgentJarHoldsOnlyTheWatch() throws IOException {
        Path agent = LauncherWatch.writeAgentJar(directory.resolve("watch.jar"));

        try (JarFile jar = new JarFile(agent.toFile())) {
            List<String> classes = jar.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
                    .toList();
            assertEquals(List.of("dev/paved/local/LauncherWatch.class"), classes);
            assertEquals(LauncherWatch.class.getName(),
                    jar.getManifest().getMainAttributes().getValue("Premain-Class"));
        }
    }

    private Process startIdleJvm(String agentOption) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, agentOption, "-cp", System.getProperty("java.class.path"),
                IdleProcess.class.getName()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("idle.log").toFile()).start();
    }
}
