package dev.paved.provisioning.operations.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.operations.persistence.EventEntity;
import dev.paved.provisioning.operations.persistence.OperationEntity;
import dev.paved.provisioning.operations.persistence.OperationQueue;
import dev.paved.provisioning.operations.persistence.StepEntity;
import dev.paved.provisioning.operations.worker.WorkerPool;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one way an accepted request becomes an operation, for every feature: the idempotency key is
 * checked (a key used before for the same request answers the operation made then), the request is
 * planned and recorded with its steps and first event in one transaction, queued, and the workers
 * are woken. A dry run plans the same and records nothing.
 */
@ApplicationScoped
public class OperationSubmissions {

    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final OperationQueue queue;
    private final WorkerPool workers;

    public OperationSubmissions(OperationQueue queue, WorkerPool workers) {
        this.queue = queue;
        this.workers = workers;
    }

    /**
     * Checks the key and answers the operation it already made, if it did; otherwise runs {@code submit}
     * (which plans and, unless a dry run, records). Two requests racing with one key: the loser answers
     * what the winner made, also when what the winner made is why the loser is refused.
     */
    public <T> T once(Caller caller, String idempotencyKey, String fingerprint,
            Function<OperationEntity, T> previousAnswer, Supplier<T> submit) {
        String key = blankToNull(idempotencyKey);
        if (key != null) {
            if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw ProblemException.badRequest("INVALID_IDEMPOTENCY_KEY", "The idempotency key is not valid.",
                        Violation.parameter("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                                + " visible ASCII characters"));
            }
            Optional<T> previous = replay(caller, key, fingerprint, previousAnswer);
            if (previous.isPresent()) {
                return previous.get();
            }
        }
        try {
            return submit.get();
        } catch (IdempotencyRace race) {
            return replay(caller, key, fingerprint, previousAnswer).orElseThrow(() -> race);
        } catch (ProblemException | PersistenceException refused) {
            if (key == null) {
                throw refused;
            }
            // The winner of a race with the same key, on any replica, may have made what this request is
            // refused for (the environment it creates exists now, the workload it deploys is busy or was
            // inserted first): the loser answers the winner's operation.
            return replay(caller, key, fingerprint, previousAnswer).orElseThrow(() -> refused);
        }
    }

    private static <T> Optional<T> replay(Caller caller, String key, String fingerprint,
            Function<OperationEntity, T> previousAnswer) {
        return QuarkusTransaction.requiringNew().call(() -> OperationEntity.findByIdempotencyKey(caller.subject(), key)
                .map(previous -> {
                    if (!previous.requestFingerprint.equals(fingerprint)) {
                        throw ProblemException.invalid("IDEMPOTENCY_KEY_REUSED", "Idempotency key '" + key
                                + "' was already used for a different request.",
                                List.of(Violation.parameter("Idempotency-Key", "was used for another request")));
                    }
                    return previousAnswer.apply(previous);
                }));
    }

    /**
     * Within the caller's transaction: persists the operation (complete but for its steps) and its
     * steps, flushing them so that a constraint they break is explained here; then its first event,
     * and queues it.
     * {@code busy} explains the one-active-operation constraint.
     */
    public List<StepEntity> record(OperationEntity operation, List<PlannedStep> steps,
            Supplier<ProblemException> busy) {
        operation.persist();
        List<StepEntity> recorded = new ArrayList<>();
        for (int position = 0; position < steps.size(); position++) {
            StepEntity step = StepEntity.planned(operation.id, position, steps.get(position));
            step.persist();
            recorded.add(step);
        }
        // Before the first native statement, which would flush without explaining what it broke.
        flush(busy);
        EventEntity.record(operation.id, EventEntity.Type.OPERATION, OperationState.PENDING, null, null,
                "Operation accepted: " + steps.size() + " steps.");
        queue.enqueue(operation.id, operation.createdAt == null ? Instant.now() : operation.createdAt);
        return recorded;
    }

    /** After the recording transaction committed. */
    public void wakeWorkers() {
        workers.wakeUp();
    }

    /** What a dry run answers: the operation as it would be queued, with no id, never persisted. */
    public static OperationView preview(OperationEntity unrecorded, List<PlannedStep> planned) {
        List<StepEntity> steps = new ArrayList<>();
        for (int position = 0; position < planned.size(); position++) {
            steps.add(StepEntity.planned(null, position, planned.get(position)));
        }
        return OperationView.dryRun(unrecorded, steps, planned);
    }

    private static void flush(Supplier<ProblemException> busy) {
        try {
            OperationEntity.getEntityManager().flush();
        } catch (PersistenceException e) {
            String constraint = constraintOf(e);
            if (constraint.contains("operation_idempotency")) {
                throw new IdempotencyRace();
            }
            if (constraint.contains("operation_one_active_per_target")) {
                throw busy.get();
            }
            throw e;
        }
    }

    /** The name of the constraint a failed write broke, or an empty string. */
    public static String constraintOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                return violation.getConstraintName();
            }
        }
        return "";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Two requests with the same idempotency key raced; the loser answers what the winner made. */
    private static final class IdempotencyRace extends RuntimeException {
        IdempotencyRace() {
            super("idempotency key used concurrently", null, false, false);
        }
    }
}
