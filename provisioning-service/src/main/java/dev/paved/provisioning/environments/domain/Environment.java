package dev.paved.provisioning.environments.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An environment: one team's namespace for one application in one stage. A planned one (a dry run's
 * create) has no id.
 *
 * @param version the optimistic-locking version; every change raises it, and it is the etag
 */
public record Environment(UUID id, String name, String team, String application, String stage, String tier,
        String cluster, String namespace, EnvironmentState state, long version, String createdBy, Instant createdAt,
        Instant updatedAt, Instant lastReconciledAt, UUID lastOperationId) {

    public String etag() {
        return Long.toString(version);
    }

    /** This environment as it is when an operation starts on it. */
    public Environment operatedOn(EnvironmentState stateWhileRunning, UUID operationId, Instant now) {
        return new Environment(id, name, team, application, stage, tier, cluster, namespace,
                stateWhileRunning == null ? state : stateWhileRunning, version, createdBy, createdAt, now,
                lastReconciledAt, operationId);
    }
}
