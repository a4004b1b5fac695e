package dev.paved.observability.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this service asks provisioning-service for environments and their workloads. */
@ConfigMapping(prefix = "paved.observability.provisioning")
public interface ProvisioningConfig {

    /** How long a call to provisioning may take before the request answers 503. */
    @WithDefault("5S")
    Duration deadline();
}
