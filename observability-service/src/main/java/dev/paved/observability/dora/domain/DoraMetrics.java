package dev.paved.observability.dora.domain;

/**
 * DORA's four software delivery metrics: deployments per day, the median lead time for changes in
 * seconds, the change failure rate (0 to 1) and the median failed deployment recovery time in seconds.
 */
public record DoraMetrics(Metric deploymentFrequency, Metric leadTimeForChanges, Metric changeFailureRate,
        Metric failedDeploymentRecoveryTime) {
}
