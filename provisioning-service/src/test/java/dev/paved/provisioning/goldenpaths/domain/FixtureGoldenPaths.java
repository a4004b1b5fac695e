package dev.paved.provisioning.goldenpaths.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** A golden path that ships with the service under test: seeded at startup like the built-in ones. */
@ApplicationScoped
public class FixtureGoldenPaths implements GoldenPathSource {

    public static final String NAME = "fixture-service";
    public static final String VERSION = "1.0.0";

    @Override
    public List<GoldenPathVersion> versions() {
        String directory = "golden-path-fixtures/" + NAME + "/" + VERSION + "/";
        return List.of(new GoldenPathVersion(NAME, VERSION, "A service of the tests",
                resource(directory + "parameters.schema.json"), resource(directory + "template.yaml"), "Deployment",
                false, false, null, null));
    }

    static String resource(String path) {
        try (InputStream in = FixtureGoldenPaths.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
