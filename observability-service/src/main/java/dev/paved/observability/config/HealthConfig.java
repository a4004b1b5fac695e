package dev.paved.observability.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long the health rules let a pod wait before its state counts as a failure (see {@code HealthPolicy}),
 * and how long a computed health is reused (see {@code EnvironmentHealthMemo}).
 */
@ConfigMapping(prefix = "paved.observability.health")
public interface HealthConfig {

    /** How long a pod may stay unschedulable (a node being added) before its workload is Degraded. */
    @WithDefault("5M")
    Duration unschedulableGrace();

    /** How long a running container may stay not ready before its readiness counts as failing. */
    @WithDefault("5M")
    Duration notReadyGrace();

    /** How long an OOM kill keeps a workload Degraded after its container came back ready. */
    @WithDefault("10M")
    Duration recentTermination();

    /**
     * How long an environment's computed health is served again while its namespace has not changed:
     * what only the clock changes (a grace period running out, the durations quoted in reasons) shows
     * up to this late. A change in the namespace is never served late.
     */
    @WithDefault("1S")
    Duration reuseFor();
}
