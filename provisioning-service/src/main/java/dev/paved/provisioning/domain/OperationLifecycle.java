package dev.paved.provisioning.domain;

import java.time.Instant;
import java.util.List;
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
        List<StepEntity> steps = operation.steps();
        for (StepEntity step : steps) {
            if (step.state == StepState.PENDING || step.state == StepState.RUNNING) {
                step.state = step.state == StepState.RUNNING && state == OperationState.FAILED ? StepState.FAILED
                        : StepState.CANCELLED;
                step.finishedAt = now;
                step.nextAttemptAt = null;
                if (step.state == StepState.FAILED && error != null) {
                    step.message = error.detail();
                }
            }
        }
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
