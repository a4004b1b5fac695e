package dev.paved.provisioning.deployments.domain;

/** What rendering needs to know about the environment a workload is deployed into. */
public record EnvironmentFacts(String name, String namespace, String team, String application, String stage,
        String cluster) {
}
