package dev.paved.provisioning.deployments.domain;

import java.time.Instant;

/**
 * One revision of a team's workload in its deployment history: where it went, when, from which
 * commit, how its rollout ended, and how it relates to rollbacks. {@code rolledBackTo} is set on a
 * rollback; {@code rolledBackBy} on a revision a later rollback to an older revision undid, when no
 * revision between the two rolled out (so it was the newest change when the rollback came).
 */
public record DeploymentRecord(String environment, String stage, String application, String workload, long revision,
        Instant createdAt, Instant commitTime, RolloutState rolloutState, Instant rolloutEndedAt, Long rolledBackTo,
        Long rolledBackBy) {
}
