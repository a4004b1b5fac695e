package dev.paved.provisioning.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.domain.OperationLifecycle;
import dev.paved.provisioning.domain.OperationState;
import dev.paved.provisioning.domain.OperationType;
import dev.paved.provisioning.domain.StepAction;
import dev.paved.provisioning.domain.StepState;
import dev.paved.provisioning.persistence.DriftEntity;
import dev.paved.provisioning.persistence.EnvironmentEntity;
import dev.paved.provisioning.persistence.EventEntity;
import dev.paved.provisioning.persistence.ManagedObjectEntity;
import dev.paved.provisioning.persistence.OperationEntity;
import dev.paved.provisioning.persistence.StepEntity;

/**
 * A worker's record of its progress: each change commits on its own, before the worker goes on, so
 * that whoever claims the operation next (after a crash, or a backoff) starts where it stopped.
 */
@ApplicationScoped
public class OperationProgress {

    private final OperationLifecycle lifecycle;

    public OperationProgress(OperationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * What remains to do of an operation, the first remaining step already recorded as started
     * ({@code firstStart}, null when no step remains).
     */
    public record Run(UUID operationId, OperationType type, Instant deadline, List<StepRun> remainingSteps,
            StepStart firstStart) {
    }

    /** Whether the step may go ahead, and how many attempts it has had, this one included. */
    public record StepStart(int attempt, boolean cancelRequested) {
    }

    @Transactional
    public Optional<Run> begin(UUID operationId) {
        OperationEntity operation = OperationEntity.findById(operationId);
        if (operation == null || operation.state.isFinal()) {
            return Optional.empty();
        }
        if (operation.cancelRequested) {
            lifecycle.finish(operation, OperationState.CANCELLED, null);
            return Optional.empty();
        }
        if (operation.state == OperationState.PENDING) {
            operation.state = OperationState.RUNNING;
            operation.startedAt = Instant.now();
            EventEntity.record(operationId, EventEntity.Type.OPERATION, OperationState.RUNNING, null, null,
                    "Operation started.");
        }
        EnvironmentEntity environment = EnvironmentEntity.findById(operation.environmentId);
        Map<ObjectRef, String> uids = ManagedObjectEntity.ofEnvironment(environment.id).stream()
                .filter(object -> object.uid != null)
                .collect(Collectors.toMap(ManagedObjectEntity::ref, object -> object.uid));
        List<StepRun> remaining = operation.steps().stream()
                .filter(step -> step.state != StepState.SUCCEEDED)
                .map(step -> new StepRun(operationId, step.position, step.name, step.action, step.ref(), step.manifest,
                        environment.id, environment.cluster, uids.get(step.ref())))
                .toList();
        StepStart firstStart = remaining.isEmpty() ? null : start(remaining.get(0));
        return Optional.of(new Run(operationId, operation.type, operation.deadline, remaining, firstStart));
    }

    /**
     * Records one step's success and, in the same transaction, the next step's start (each step thus
     * costs one commit); with no next step, the operation's success.
     */
    @Transactional
    public StepStart stepSucceeded(StepRun run, StepOutcome outcome, StepRun next) {
        succeeded(run, outcome);
        if (next == null) {
            lifecycle.finish(OperationEntity.findById(run.operationId()), OperationState.SUCCEEDED, null);
            return null;
        }
        return start(next);
    }

    /** Records the step as started; answers the attempt and whether a cancel was asked for meanwhile. */
    private StepStart start(StepRun run) {
        // One statement: the step's new state, its attempt count and the operation's cancel flag.
        Object[] started = (Object[]) StepEntity.getEntityManager().createNativeQuery("""
                UPDATE provisioning.operation_step s
                SET state = 'RUNNING', attempts = s.attempts + 1, started_at = coalesce(s.started_at, ?1),
                    next_attempt_at = NULL
                FROM provisioning.operation o
                WHERE s.operation_id = ?2 AND s.position = ?3 AND o.id = s.operation_id
                RETURNING s.attempts, o.cancel_requested
                """)
                .setParameter(1, Instant.now())
                .setParameter(2, run.operationId())
                .setParameter(3, run.position())
                .getSingleResult();
        int attempt = ((Number) started[0]).intValue();
        if (run.action() == StepAction.APPLY) {
            // Recorded before the object is applied: if the worker dies in between, teardown still knows of it.
            StepEntity.getEntityManager().createNativeQuery("""
                    INSERT INTO provisioning.managed_object
                        (environment_id, position, api_version, kind, namespace, name, manifest)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb))
                    ON CONFLICT (environment_id, kind, namespace, name)
                    DO UPDATE SET manifest = excluded.manifest, position = excluded.position
                    """)
                    .setParameter(1, run.environmentId())
                    .setParameter(2, run.position())
                    .setParameter(3, run.object().apiVersion())
                    .setParameter(4, run.object().kind())
                    .setParameter(5, run.object().namespace())
                    .setParameter(6, run.object().name())
                    .setParameter(7, run.manifest())
                    .executeUpdate();
        }
        EventEntity.record(run.operationId(), EventEntity.Type.STEP, OperationState.RUNNING, run.name(),
                StepState.RUNNING, "Attempt " + attempt + ".");
        return new StepStart(attempt, (Boolean) started[1]);
    }

    private void succeeded(StepRun run, StepOutcome outcome) {
        Instant now = Instant.now();
        // Native statements: the JPQL bulk updates they replace cost more than the database work itself.
        StepEntity.getEntityManager().createNativeQuery("""
                UPDATE provisioning.operation_step SET state = 'SUCCEEDED', finished_at = ?1, message = ?2
                WHERE operation_id = ?3 AND position = ?4
                """)
                .setParameter(1, now)
                .setParameter(2, outcome.message())
                .setParameter(3, run.operationId())
                .setParameter(4, run.position())
                .executeUpdate();
        if (run.action() == StepAction.DELETE) {
            ManagedObjectEntity.getEntityManager().createNativeQuery("""
                    DELETE FROM provisioning.managed_object
                    WHERE environment_id = ?1 AND kind = ?2 AND namespace = ?3 AND name = ?4
                    """)
                    .setParameter(1, run.environmentId())
                    .setParameter(2, run.object().kind())
                    .setParameter(3, run.object().namespace())
                    .setParameter(4, run.object().name())
                    .executeUpdate();
        } else if (outcome.uid() != null) {
            ManagedObjectEntity.getEntityManager().createNativeQuery("""
                    UPDATE provisioning.managed_object SET uid = ?5, applied_at = ?6
                    WHERE environment_id = ?1 AND kind = ?2 AND namespace = ?3 AND name = ?4
                    """)
                    .setParameter(1, run.environmentId())
                    .setParameter(2, run.object().kind())
                    .setParameter(3, run.object().namespace())
                    .setParameter(4, run.object().name())
                    .setParameter(5, outcome.uid())
                    .setParameter(6, now)
                    .executeUpdate();
        }
        if (outcome.drift() != null) {
            DriftEntity.of(run.environmentId(), run.object(), outcome.drift().kind(), outcome.drift().detail(),
                    outcome.drift().repaired()).persist();
        }
        EventEntity.record(run.operationId(), EventEntity.Type.STEP, OperationState.RUNNING, run.name(),
                StepState.SUCCEEDED, outcome.message());
    }

    @Transactional
    public void stepRetrying(StepRun run, String why, Instant nextAttempt) {
        StepEntity step = step(run);
        step.message = why;
        step.nextAttemptAt = nextAttempt;
        EventEntity.record(run.operationId(), EventEntity.Type.STEP_RETRY, OperationState.RUNNING, run.name(),
                StepState.RUNNING, why + " Next attempt at " + nextAttempt + ".");
    }

    @Transactional
    public void finish(UUID operationId, OperationState state, Problem error) {
        lifecycle.finish(OperationEntity.findById(operationId), state, error);
    }

    private static StepEntity step(StepRun run) {
        return StepEntity.findById(new StepEntity.Key(run.operationId(), run.position()));
    }
}
