package dev.paved.provisioning.goldenpaths.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The golden paths that ship with Paved, read from the classpath: {@code golden-paths/index.txt}
 * names each {@code <name>/<version>}, whose folder holds {@code golden-path.yaml} (description
 * and workload kind), {@code parameters.schema.json} and {@code template.yaml}.
 */
@ApplicationScoped
public class BuiltInGoldenPaths implements GoldenPathSource {

    public static final String AUTHOR = "paved";
    private static final String ROOT = "golden-paths/";
    private static final Set<String> DESCRIPTOR_FIELDS = Set.of("description", "workloadKind");

    @Override
    public List<GoldenPathVersion> versions() {
        return load();
    }

    public static List<GoldenPathVersion> load() {
        return read(ROOT + "index.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(BuiltInGoldenPaths::version)
                .toList();
    }

    private static GoldenPathVersion version(String entry) {
        String[] nameAndVersion = entry.split("/");
        if (nameAndVersion.length != 2) {
            throw new IllegalStateException("golden-paths/index.txt: '" + entry + "' is not <name>/<version>");
        }
        String folder = ROOT + entry + "/";
        JsonNode descriptor = descriptor(folder + "golden-path.yaml");
        return new GoldenPathVersion(nameAndVersion[0], nameAndVersion[1], descriptor.path("description").asText(),
                read(folder + "parameters.schema.json"), read(folder + "template.yaml"),
                descriptor.path("workloadKind").asText(), false, true, AUTHOR, Instant.EPOCH);
    }

    private static JsonNode descriptor(String resource) {
        try {
            JsonNode descriptor = new YAMLMapper().readTree(read(resource));
            descriptor.fieldNames().forEachRemaining(field -> {
                if (!DESCRIPTOR_FIELDS.contains(field)) {
                    throw new IllegalStateException(resource + ": unknown field " + field);
                }
            });
            if (WorkloadKind.of(descriptor.path("workloadKind").asText()).isEmpty()) {
                throw new IllegalStateException(resource + ": workloadKind must be Deployment or CronJob");
            }
            return descriptor;
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = BuiltInGoldenPaths.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
