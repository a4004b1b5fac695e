package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.provisioning.goldenpaths.persistence.GoldenPathStore;

class DefaultGoldenPathTest {

    private static GoldenPathVersion version(String name, String version) {
        return new GoldenPathVersion(name, version, "", "{}", "x: y", "Deployment", false, true, "paved", null);
    }

    @Test
    void aDeploymentNamingNoGoldenPathGetsTheConfiguredOne() {
        GoldenPathStore store = new GoldenPathStore(null) {
            @Override
            public List<GoldenPathVersion> versionsOf(String name) {
                return name.equals("house-style") ? List.of(version(name, "3.1.0"), version(name, "3.0.0")) : List.of();
            }
        };
        GoldenPaths goldenPaths = new GoldenPaths(store, null, null,
                new GoldenPathsSettings("house-style", Duration.ZERO));

        GoldenPathVersion resolved = goldenPaths.resolve(null, null, "");
        assertEquals("house-style", resolved.name());
        assertEquals("3.1.0", resolved.version());
    }
}
