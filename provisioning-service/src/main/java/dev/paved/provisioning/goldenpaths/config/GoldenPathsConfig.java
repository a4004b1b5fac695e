package dev.paved.provisioning.goldenpaths.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the platform team decides about golden paths and their publication to the catalog. */
@ConfigMapping(prefix = "paved.provisioning.golden-paths")
public interface GoldenPathsConfig {

    /** The golden path of a deployment that names none. */
    @WithDefault("web-service")
    String defaultGoldenPath();

    /** The catalog Group that owns the golden paths' Template entities. */
    @WithDefault("platform-team")
    String platformGroup();

    /** How long the catalog may take to store a Template entity. */
    @WithDefault("10S")
    Duration catalogDeadline();

    /**
     * How long publication at startup may wait for the OIDC provider and the catalog, which may be
     * starting at the same time.
     */
    @WithDefault("60S")
    Duration startupPublicationDeadline();

    /**
     * How long a replica answers deployments from the golden path versions it last read. A version
     * registered or deprecated through this replica counts at once; through another one, within
     * this time.
     */
    @WithDefault("10S")
    Duration versionCacheTtl();
}
