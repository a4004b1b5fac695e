package dev.paved.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/** Stand-ins for the packaged services: runnable jars at the place where the launcher looks for them. */
final class FakeServices {

    private FakeServices() {
    }

    /** Every service of the repository at {@code root} becomes the given main class (with the classes it uses). */
    static void packageAll(Path root, Class<?> mainClass, Class<?>... uses) throws IOException {
        for (PavedService service : PavedService.values()) {
            packageAs(root, service, mainClass, uses);
        }
    }

    static void packageAs(Path root, PavedService service, Class<?> mainClass, Class<?>... uses) throws IOException {
        Path jar = service.runnerJar(root);
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarStream = new JarOutputStream(out, manifest)) {
            add(jarStream, mainClass);
            for (Class<?> used : uses) {
                add(jarStream, used);
            }
        }
    }

    /** What a {@link ReadyService} printed: the configuration the launcher started it with. */
    static Map<String, String> configurationOf(Path root, PavedService service) throws IOException {
        return configurationOf(root, service.moduleName());
    }

    /** What the {@link ReadyService} of this name ({@code <module>} or {@code <module>-<replica>}) printed. */
    static Map<String, String> configurationOf(Path root, String processName) throws IOException {
        return Files.readAllLines(root.resolve("data/logs/" + processName + ".log")).stream()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1)));
    }

    private static void add(JarOutputStream jar, Class<?> type) throws IOException {
        String classFile = type.getName().replace('.', '/') + ".class";
        try (InputStream bytes = type.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
    }
}
