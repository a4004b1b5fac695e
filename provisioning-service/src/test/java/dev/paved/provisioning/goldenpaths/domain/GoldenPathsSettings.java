package dev.paved.provisioning.goldenpaths.domain;

import java.time.Duration;

import dev.paved.provisioning.goldenpaths.config.GoldenPathsConfig;

/** Golden path settings for a {@link GoldenPaths} a test makes itself. */
record GoldenPathsSettings(String defaultGoldenPath, Duration versionCacheTtl) implements GoldenPathsConfig {

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
}
