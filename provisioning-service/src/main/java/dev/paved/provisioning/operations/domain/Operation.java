package dev.paved.provisioning.operations.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An operation as the domain reads and plans it. A planned one has no id, request or times until it
 * is recorded ({@link #recorded}); a dry run's is never recorded.
 *
 * @param request the request's parameters the operation needs when it finishes (JSON, e.g. the new tier)
 * @param error the problem document (JSON) of a failed operation
 * @param workload set for operations on one workload of the environment
 * @param revision the revision a deployment applies
 */
public record Operation(UUID id, OperationType type, UUID environmentId, String environmentName, String team,
        OperationState state, String requestedBy, String request, String idempotencyKey, String requestFingerprint,
        boolean cancelRequested, String error, Instant createdAt, Instant startedAt, Instant finishedAt,
        Instant deadline, String workload, Long revision) {

    /** The operation a checked request makes, before it is recorded. */
    public static Operation planned(OperationType type, UUID environmentId, String environmentName, String team,
            String requestedBy, String workload, Long revision) {
        return new Operation(null, type, environmentId, environmentName, team, OperationState.PENDING, requestedBy,
                null, null, null, false, null, null, null, null, null, workload, revision);
    }

    /** This planned operation as it is recorded: its id, request, idempotency key, and times. */
    public Operation recorded(UUID newId, String requestJson, String key, String fingerprint, Instant now,
            Instant until) {
        return new Operation(newId, type, environmentId, environmentName, team, state, requestedBy, requestJson,
                key == null || key.isBlank() ? null : key, fingerprint, cancelRequested, error, now, startedAt,
                finishedAt, until, workload, revision);
    }

    public Operation withRevision(Long number) {
        return new Operation(id, type, environmentId, environmentName, team, state, requestedBy, request,
                idempotencyKey, requestFingerprint, cancelRequested, error, createdAt, startedAt, finishedAt, deadline,
                workload, number);
    }
}
