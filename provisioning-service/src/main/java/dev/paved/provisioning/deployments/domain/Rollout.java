package dev.paved.provisioning.deployments.domain;

import java.time.Instant;

/** A revision's rollout as last seen, with the replica counts of its Deployment (zero for a CronJob). */
public record Rollout(RolloutState state, String message, Instant updatedAt, int desiredReplicas,
        int updatedReplicas, int readyReplicas, int availableReplicas) {

    public static Rollout of(RolloutState state, String message) {
        return new Rollout(state, message, Instant.now(), 0, 0, 0, 0);
    }
}
