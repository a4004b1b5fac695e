package dev.paved.provisioning.domain;

import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.persistence.EnvironmentEntity;
import dev.paved.provisioning.persistence.EventEntity;
import dev.paved.provisioning.persistence.OperationEntity;
import dev.paved.provisioning.persistence.StepEntity;

/**
 * How an operation ends, and what its end means for the environment. Called within the transaction
 * of whoever holds the operation's claim: its worker, or a cancel of an operation no worker holds.
 */
@ApplicationScoped
public class OperationLifecycle {

    private final ObjectMapper json;

    public OperationLifecycle(ObjectMapper json) {
        this.json = json;
    }

    public void finish(OperationEntity operation, OperationState state, Problem error) {
        Instant now = Instant.now();
        operation.state = state;
        operation.finishedAt = now;
        operation.error = error == null ? null : write(error);
        // One statement for the steps left undone, rather than loading and checking every step.
        StepEntity.getEntityManager().createNativeQuery("""
                UPDATE provisioning.operation_step
                SET state = CASE WHEN state = 'RUNNING' AND ?2 THEN 'FAILED' ELSE 'CANCELLED' END,
                    message = CASE WHEN state = 'RUNNING' AND ?2 AND CAST(?3 AS text) IS NOT NULL THEN CAST(?3 AS text) ELSE message END,
                    finished_at = ?4, next_attempt_at = NULL
                WHERE operation_id = ?1 AND state IN ('PENDING', 'RUNNING')
                """)
                .setParameter(1, operation.id)
                .setParameter(2, state == OperationState.FAILED)
                .setParameter(3, error == null ? null : error.detail())
                .setParameter(4, now)
                .executeUpdate();
        EnvironmentEntity.<EnvironmentEntity>findByIdOptional(operation.environmentId)
                .ifPresent(environment -> settle(environment, operation, state));
        EventEntity.record(operation.id, EventEntity.Type.OPERATION, state, null, null,
                error == null ? "Operation " + state.name().toLowerCase(Locale.ROOT) + "."
                        : error.detail());
    }

    private void settle(EnvironmentEntity environment, OperationEntity operation, OperationState state) {
        if (state != OperationState.SUCCEEDED) {
            if (operation.type == OperationType.RECONCILE_ENVIRONMENT) {
                // A reconciliation that did not finish leaves the environment as it found it.
                return;
            }
            environment.state = EnvironmentState.FAILED;
            environment.updatedAt = Instant.now();
            return;
        }
        switch (operation.type) {
            case DELETE_ENVIRONMENT -> environment.delete();
            case UPDATE_ENVIRONMENT -> {
                environment.tier = read(operation.request).tier();
                ready(environment);
            }
            case RECONCILE_ENVIRONMENT -> {
                environment.lastReconciledAt = Instant.now();
                ready(environment);
            }
            case CREATE_ENVIRONMENT -> ready(environment);
        }
    }

    private static void ready(EnvironmentEntity environment) {
        environment.state = EnvironmentState.READY;
        environment.updatedAt = Instant.now();
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    OperationRequest read(String request) {
        try {
            return json.readValue(request, OperationRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("operation request is not readable", e);
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
