package dev.paved.provisioning.domain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.persistence.OperationEnds;

/**
 * How an operation ends, and what its end means for the environment. Called within the transaction
 * of whoever holds the operation's claim: its worker, or a cancel of an operation no worker holds.
 */
@ApplicationScoped
public class OperationLifecycle {

    private final ObjectMapper json;
    private final OperationEnds ends;

    public OperationLifecycle(ObjectMapper json, OperationEnds ends) {
        this.json = json;
        this.ends = ends;
    }

    /**
     * Ends the operation on {@code connection}, within its transaction: the operation, the steps it
     * leaves undone, its environment and the final event.
     */
    public void finish(Connection connection, UUID operationId, OperationType type, OperationState state,
            Problem error) throws SQLException {
        ends.record(connection, operationId, state, error == null ? null : write(error),
                error == null ? null : error.detail(), EnvironmentOutcome.of(type, state),
                error == null ? "Operation " + state.name().toLowerCase(Locale.ROOT) + "." : error.detail());
    }

    String write(Object value) {
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
