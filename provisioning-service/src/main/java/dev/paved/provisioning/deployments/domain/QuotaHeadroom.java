package dev.paved.provisioning.deployments.domain;

/**
 * What the environment's quota leaves for this workload: the quota's hard limits minus what other
 * workloads use (the workload's own current use counts as free, since a deployment replaces it).
 */
public record QuotaHeadroom(long cpuMillis, long memoryBytes) {
}
