package dev.paved.provisioning.operations.domain;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.environments.domain.EnvironmentOutcome;

/**
 * How an operation ends, and what its end means for the environment. The end is recorded
 * ({@link dev.paved.provisioning.operations.persistence.OperationEnds}) within the transaction of whoever holds
 * the operation's claim: its worker, or a cancel of an operation no worker holds.
 */
@ApplicationScoped
public class OperationLifecycle {

    private final ObjectMapper json;

    public OperationLifecycle(ObjectMapper json) {
        this.json = json;
    }

    /** The end of an operation of {@code type} in {@code state}; {@code error} is set when it failed. */
    public OperationEnd end(UUID operationId, OperationType type, OperationState state, Problem error) {
        return new OperationEnd(operationId, state, error == null ? null : write(error),
                error == null ? null : error.detail(), EnvironmentOutcome.of(type, state),
                error == null ? "Operation " + state.name().toLowerCase(Locale.ROOT) + "." : error.detail());
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public Problem readProblem(String problem) {
        try {
            if (problem == null) {
                return null;
            }
            // Stored without empty fields; Problem.of restores them (no errors is an empty list).
            Problem stored = json.readValue(problem, Problem.class);
            return Problem.of(stored.status(), stored.code(), stored.detail(), stored.instance(), stored.errors());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored problem is not readable", e);
        }
    }
}
