package dev.paved.provisioning.operations.domain;

import java.util.UUID;

import dev.paved.provisioning.environments.domain.EnvironmentOutcome;

/**
 * An operation's end, as it is recorded: its final {@code state}, {@code error} (the problem document,
 * JSON, of a failure), the {@code failure} given to the step that was running, what the end does to
 * the environment and the final event's {@code message}.
 */
public record OperationEnd(UUID operationId, OperationState state, String error, String failure,
        EnvironmentOutcome environmentOutcome, String message) {
}
