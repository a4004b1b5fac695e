package dev.paved.observability.health.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the health rules wait before a passing state counts as a failure.
 *
 * @param unschedulableGrace how long a pod may stay unschedulable (a cluster autoscaler adding a
 *                           node) before it makes its workload Degraded rather than Progressing
 * @param notReadyGrace      how long a running container may stay not ready before its readiness
 *                           counts as failing
 * @param recentTermination  how long an OOM kill keeps a container's workload Degraded after the
 *                           container came back ready
 */
public record HealthPolicy(Duration unschedulableGrace, Duration notReadyGrace, Duration recentTermination) {

    public static final HealthPolicy DEFAULT =
            new HealthPolicy(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(10));

    public HealthPolicy {
        requireNotNegative(unschedulableGrace, "unschedulableGrace");
        requireNotNegative(notReadyGrace, "notReadyGrace");
        requireNotNegative(recentTermination, "recentTermination");
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
    }
}
