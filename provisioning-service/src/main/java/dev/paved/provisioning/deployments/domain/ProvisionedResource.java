package dev.paved.provisioning.deployments.domain;

/**
 * A resource that exists outside Kubernetes and that the deploy operation creates before the
 * workload's objects: for {@code postgres}, a {@code database} owned by {@code role}, whose
 * credentials it writes into the Secret {@code secretName} (keys are the type's outputs).
 */
public record ProvisionedResource(String resource, String type, String secretName, String database, String role) {
}
