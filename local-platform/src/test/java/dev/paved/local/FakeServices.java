package dev.paved.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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

    private static void add(JarOutputStream jar, Class<?> type) throws IOException {
        String classFile = type.getName().replace('.', '/') + ".class";
        try (InputStream bytes = type.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
    }
}
