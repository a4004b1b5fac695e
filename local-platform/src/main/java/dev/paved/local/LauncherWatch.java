package dev.paved.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent in every service the launcher starts: when the launcher's process ends, the service
 * shuts down too. The launcher stops its services itself on Ctrl-C and SIGTERM; this covers the
 * launcher being killed outright, which runs no shutdown hook.
 */
public final class LauncherWatch {

    private static final String CLASS_FILE = LauncherWatch.class.getName().replace('.', '/') + ".class";

    private LauncherWatch() {
    }

    /** Agent entry point; the argument is the launcher's process id. */
    public static void premain(String launcherPid) {
        Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(launcherPid));
        if (launcher.isEmpty()) {
            System.err.println("The Paved launcher (pid " + launcherPid + ") is gone; not starting.");
            System.exit(1);
        }
        launcher.get().onExit().thenRun(() -> {
            System.err.println("The Paved launcher (pid " + launcherPid + ") ended; shutting down.");
            System.exit(0);
        });
    }

    /** The {@code -javaagent} option that makes a JVM watch this process. */
    public static String agentOption(Path agentJar) {
        return "-javaagent:" + agentJar + "=" + ProcessHandle.current().pid();
    }

    /**
     * Writes an agent jar holding only this class: the service's class path must not gain the
     * launcher's dependencies, which the launcher's own jar would bring along.
     */
    public static Path writeAgentJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), LauncherWatch.class.getName());
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest);
                InputStream classFile = LauncherWatch.class.getClassLoader().getResourceAsStream(CLASS_FILE)) {
            if (classFile == null) {
                throw new IOException("the class file " + CLASS_FILE + " is not on the class path");
            }
            jar.putNextEntry(new JarEntry(CLASS_FILE));
            classFile.transferTo(jar);
            jar.closeEntry();
        }
        return file;
    }
}
