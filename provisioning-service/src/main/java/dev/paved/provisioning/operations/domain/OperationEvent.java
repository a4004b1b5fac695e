package dev.paved.provisioning.operations.domain;

import java.time.Instant;
import java.util.UUID;

/** One change of an operation or of one of its steps, numbered in the order it happened. */
public record OperationEvent(long sequence, UUID operationId, Instant at, Type type, OperationState operationState,
        String step, StepState stepState, String message) {

    public enum Type {
        OPERATION,
        STEP,
        STEP_RETRY
    }

    /** Whether the event reports that the operation ended. */
    public boolean isFinal() {
        return type == Type.OPERATION && operationState.isFinal();
    }
}
