package dev.paved.observability.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** DORA metrics: which stages count when none is asked for, and how far back one may look. */
@ConfigMapping(prefix = "paved.observability.dora")
public interface DoraConfig {

    /** The stages whose deployments reach users: the ones counted when a request names no stage. */
    @WithDefault("prod")
    List<String> productionStages();

    /** The window of a request that gives none. */
    @WithDefault("30d")
    String defaultWindow();

    /** The longest window a request may ask for. */
    @WithDefault("90d")
    Duration maxWindow();
}
