package dev.paved.provisioning.deployments.domain;

/**
 * A resource a workload needs outside the cluster (a database and its role), with the Secret in the
 * environment's namespace that holds its credentials.
 */
public record ProvisionedResource(String resource, String type, String secretName, String database, String role) {
}
