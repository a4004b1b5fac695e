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

    /** Every service of the repository at {@code root} becomes the given main class. */
    static void packageAll(Path root, Class<?> mainClass) throws IOException {
        for (PavedService service : PavedService.values()) {
            packageAs(root, service, mainClass);
        }
    }

    static void packageAs(Path root, PavedService service, Class<?> mainClass) throws IOException {
        Path jar = service.runnerJar(root);
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        String classFile = mainClass.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarStream = new JarOutputStream(out, manifest);
                InputStream bytes = mainClass.getClassLoader().getResourceAsStream(classFile)) {
            jarStream.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jarStream);
            jarStream.closeEntry();
        }
    }
}
