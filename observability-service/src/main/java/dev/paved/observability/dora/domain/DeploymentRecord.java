package dev.paved.observability.dora.domain;

import java.time.Instant;

/**
 * One revision of a team's workload as provisioning-service's deployment history gives it.
 * {@code commitTime} and {@code rolloutEndedAt} may be null; {@code rolledBackTo} is 0 unless the
 * revision is a rollback, {@code rolledBackBy} 0 unless a later rollback undid it.
 */
public record DeploymentRecord(String environment, String workload, long revision, Instant createdAt,
        Instant commitTime, Outcome outcome, Instant rolloutEndedAt, long rolledBackTo, long rolledBackBy) {

    /** How the revision's rollout ended, if it did. */
    public enum Outcome {
        ROLLED_OUT,
        FAILED,
        /** A newer revision was applied before its rollout ended. */
        SUPERSEDED,
        /** Not applied yet, or its rollout still runs. */
        UNFINISHED
    }

    boolean isRollback() {
        return rolledBackTo > 0;
    }

    boolean wasRolledBack() {
        return rolledBackBy > 0;
    }

    /** The workload it is a revision of: its name within its environment. */
    String workloadKey() {
        return environment + "/" + workload;
    }
}
