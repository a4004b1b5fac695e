package dev.paved.provisioning.operations.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.operations.persistence.OperationStore;
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

    private final OperationStore store;
    private final OperationWorkers workers;

    public OperationSubmissions(OperationStore store, OperationWorkers workers) {
        this.store = store;
        this.workers = workers;
    }

    /**
     * Checks the key and answers the operation it already made, if it did; otherwise runs {@code submit}
     * (which plans and, unless a dry run, records). Two requests racing with one key: the loser answers
     * what the winner made, also when what the winner made is why the loser is refused.
     */
    public <T> T once(Caller caller, String idempotencyKey, String fingerprint,
            Function<Operation, T> previousAnswer, Supplier<T> submit) {
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

    private <T> Optional<T> replay(Caller caller, String key, String fingerprint,
            Function<Operation, T> previousAnswer) {
        return QuarkusTransaction.requiringNew().call(() -> store.findByIdempotencyKey(caller.subject(), key)
                .map(previous -> {
                    if (!previous.requestFingerprint().equals(fingerprint)) {
                        throw ProblemException.invalid("IDEMPOTENCY_KEY_REUSED", "Idempotency key '" + key
                                + "' was already used for a different request.",
                                List.of(Violation.parameter("Idempotency-Key", "was used for another request")));
                    }
                    return previousAnswer.apply(previous);
                }));
    }

    /**
     * Within the caller's transaction: records the planned operation with its steps and first event,
     * and queues it. {@code busy} explains the one-active-operation constraint.
     */
    public OperationView record(Operation operation, List<PlannedStep> steps, Supplier<ProblemException> busy) {
        return OperationView.of(operation, store.record(operation, steps, busy));
    }

    /** After the recording transaction committed. */
    public void wakeWorkers() {
        workers.wakeUp();
    }

    /** What a dry run answers: the operation as it would be queued, with no id, never persisted. */
    public static OperationView preview(Operation unrecorded, List<PlannedStep> planned) {
        List<Step> steps = new ArrayList<>();
        for (int position = 0; position < planned.size(); position++) {
            steps.add(Step.planned(null, position, planned.get(position)));
        }
        return OperationView.dryRun(unrecorded, steps, planned);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
