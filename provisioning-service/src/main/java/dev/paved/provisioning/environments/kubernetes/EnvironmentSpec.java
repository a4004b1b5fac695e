package dev.paved.provisioning.environments.kubernetes;

import java.util.UUID;

/** What the baseline of one environment is rendered from. */
public record EnvironmentSpec(UUID id, String name, String team, String application, String stage, String tier,
        String namespace) {
}
