package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.provisioning.goldenpaths.config.GoldenPathsConfig;
import dev.paved.provisioning.goldenpaths.persistence.GoldenPathStore;

class DefaultGoldenPathTest {

    private static GoldenPathVersion version(String name, String version) {
        return new GoldenPathVersion(name, version, "", "{}", "x: y", "Deployment", false, true, "paved", null);
    }

    private static GoldenPathsConfig defaultingTo(String name) {
        return new GoldenPathsConfig() {
            @Override
            public String defaultGoldenPath() {
                return name;
            }

            @Override
            public String platformGroup() {
                return "platform-team";
            }

            @Override
            public Duration catalogDeadline() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration startupPublicationDeadline() {
                return Duration.ofSeconds(1);
            }
        };
    }

    @Test
    void aDeploymentNamingNoGoldenPathGetsTheConfiguredOne() {
        GoldenPathStore store = new GoldenPathStore(null) {
            @Override
            public List<GoldenPathVersion> versionsOf(String name) {
                return name.equals("house-style") ? List.of(version(name, "3.1.0"), version(name, "3.0.0")) : List.of();
            }
        };
        GoldenPaths goldenPaths = new GoldenPaths(store, null, null, defaultingTo("house-style"));

        GoldenPathVersion resolved = goldenPaths.resolve(null, null, "");
        assertEquals("house-style", resolved.name());
        assertEquals("3.1.0", resolved.version());
    }
}
