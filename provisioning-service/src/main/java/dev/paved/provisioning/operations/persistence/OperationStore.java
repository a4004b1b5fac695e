package dev.paved.provisioning.operations.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;

import dev.paved.common.problem.ProblemException;
import dev.paved.provisioning.operations.domain.IdempotencyRace;
import dev.paved.provisioning.operations.domain.ManagedObject;
import dev.paved.provisioning.operations.domain.Operation;
import dev.paved.provisioning.operations.domain.OperationEnd;
import dev.paved.provisioning.operations.domain.OperationEvent;
import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.OperationType;
import dev.paved.provisioning.operations.domain.OperationView;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.provisioning.operations.domain.Step;

/**
 * Operations, their steps, events and the objects they applied, as the domain reads and records them.
 * Every call runs in the caller's transaction.
 */
@ApplicationScoped
public class OperationStore {

    private final OperationQueue queue;
    private final OperationEnds ends;

    public OperationStore(OperationQueue queue, OperationEnds ends) {
        this.queue = queue;
        this.ends = ends;
    }

    public Optional<Operation> find(UUID id) {
        return OperationEntity.<OperationEntity>findByIdOptional(id).map(OperationEntity::toOperation);
    }

    /** The operation with its steps as they stand. */
    public OperationView view(Operation operation) {
        return views(List.of(operation)).get(0);
    }

    /** Each operation with its steps as they stand, in the same order; their steps are read in one query. */
    public List<OperationView> views(List<Operation> operations) {
        Map<UUID, List<Step>> steps = StepEntity.stepsOf(operations.stream().map(Operation::id).toList());
        return operations.stream()
                .map(operation -> OperationView.of(operation, steps.getOrDefault(operation.id(), List.of()))).toList();
    }

    public Optional<Operation> findByIdempotencyKey(String requestedBy, String key) {
        return OperationEntity.findByIdempotencyKey(requestedBy, key).map(OperationEntity::toOperation);
    }

    /**
     * The newest operations first, those of {@code teams} only unless it is null, after the operation
     * {@code after} (null: from the newest); each filter that is null or empty matches all.
     */
    public List<Operation> list(Collection<String> teams, String team, String environment, OperationState state,
            OperationType type, UUID after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (teams != null) {
            where.append(" and team in :teams");
            parameters.put("teams", teams);
        }
        if (team != null && !team.isEmpty()) {
            where.append(" and team = :team");
            parameters.put("team", team);
        }
        if (environment != null && !environment.isEmpty()) {
            where.append(" and environmentName = :environment");
            parameters.put("environment", environment);
        }
        if (state != null) {
            where.append(" and state = :state");
            parameters.put("state", state);
        }
        if (type != null) {
            where.append(" and type = :type");
            parameters.put("type", type);
        }
        if (after != null) {
            where.append(" and id < :after");
            parameters.put("after", after);
        }
        return OperationEntity.<OperationEntity>find(where + " order by id desc", parameters).page(0, limit).list()
                .stream().map(OperationEntity::toOperation).toList();
    }

    /** Marks the operation for cancelling and, given {@code end}, ends it now. */
    public Operation requestCancel(UUID id, OperationEnd end) {
        OperationEntity operation = OperationEntity.findById(id);
        operation.cancelRequested = true;
        if (end != null) {
            ends.recordInSession(operation, end);
        }
        return operation.toOperation();
    }

    /**
     * Records a planned operation with its steps, flushing them so that a constraint they break is
     * explained here (an idempotency key used meanwhile, or {@code busy}, another active operation on
     * the same target); then its first event, and queues it.
     */
    public List<Step> record(Operation operation, List<PlannedStep> planned, Supplier<ProblemException> busy) {
        OperationEntity.of(operation).persist();
        List<Step> steps = new ArrayList<>();
        for (int position = 0; position < planned.size(); position++) {
            Step step = Step.planned(operation.id(), position, planned.get(position));
            StepEntity.of(step).persist();
            steps.add(step);
        }
        // Before the first native statement, which would flush without explaining what it broke.
        try {
            OperationEntity.getEntityManager().flush();
        } catch (PersistenceException e) {
            String constraint = violatedConstraint(e);
            if (constraint.contains("operation_idempotency")) {
                throw new IdempotencyRace();
            }
            if (constraint.contains("operation_one_active_per_target")) {
                throw busy.get();
            }
            throw e;
        }
        EventEntity.record(operation.id(), OperationEvent.Type.OPERATION, OperationState.PENDING, null, null,
                "Operation accepted: " + planned.size() + " steps.");
        queue.enqueue(operation.id(), operation.createdAt() == null ? Instant.now() : operation.createdAt());
        return steps;
    }

    /**
     * Whether an operation on the environment itself is pending or running (an operation on one of its
     * workloads is not).
     */
    public boolean environmentWideActive(UUID environmentId) {
        return OperationEntity.environmentWideActive(environmentId);
    }

    /** Whether any operation on the environment, its own or one of a workload, is pending or running. */
    public boolean anyActive(UUID environmentId) {
        return OperationEntity.anyActive(environmentId);
    }

    public List<OperationEvent> eventsAfter(UUID operationId, long sequence) {
        return EventEntity.after(operationId, sequence);
    }

    /** The environment's baseline objects, in the order they were applied. */
    public List<ManagedObject> baselineObjects(UUID environmentId) {
        return ManagedObjectEntity.ofEnvironment(environmentId).stream().map(ManagedObjectEntity::toManagedObject)
                .toList();
    }

    /** What Paved applied for the environment's workloads, workload by workload, in the order applied. */
    public List<ManagedObject> workloadObjects(UUID environmentId) {
        return ManagedObjectEntity.ofWorkloads(environmentId).stream().map(ManagedObjectEntity::toManagedObject)
                .toList();
    }

    /** What Paved applied for one workload, in the order applied. */
    public List<ManagedObject> objectsOf(UUID environmentId, String workload) {
        return ManagedObjectEntity.ofWorkload(environmentId, workload).stream()
                .map(ManagedObjectEntity::toManagedObject).toList();
    }

    /** The name of the constraint a failed write broke, or an empty string. */
    public static String violatedConstraint(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                return violation.getConstraintName();
            }
        }
        return "";
    }
}
