package dev.paved.provisioning.operations.domain;

import java.time.Instant;
import java.util.UUID;

import dev.paved.provisioning.domain.ObjectRef;

/**
 * One step of an operation and how far it got.
 *
 * @param manifest the object to apply (JSON), fixed when the operation was requested
 */
public record Step(UUID operationId, int position, String name, StepAction action, ObjectRef object,
        String manifest, StepState state, int attempts, String message, Instant startedAt, Instant finishedAt,
        Instant nextAttemptAt) {

    /** A step as planned, not yet started; {@code operationId} is null in a dry run. */
    public static Step planned(UUID operationId, int position, PlannedStep planned) {
        return new Step(operationId, position, planned.name(), planned.action(), planned.object(), planned.manifest(),
                StepState.PENDING, 0, null, null, null, null);
    }
}
