package dev.paved.provisioning.operations.worker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.operations.domain.Backoff;
import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;
import dev.paved.provisioning.operations.persistence.OperationProgress;
import dev.paved.provisioning.operations.persistence.OperationQueue;

/**
 * Carries out one claimed operation from where it stands: the steps not yet done, in order, each
 * recorded as it starts and as it ends. A transient failure puts the operation back on the queue
 * after a backoff (any worker may take it up then), until its deadline; a permanent one fails it.
 */
@ApplicationScoped
public class OperationRunner {

    private final OperationProgress progress;
    private final StepExecutor executor;
    private final Backoff backoff;

    public OperationRunner(OperationProgress progress, StepExecutor executor, ProvisioningConfig config) {
        this.progress = progress;
        this.executor = executor;
        this.backoff = new Backoff(config.operations().initialBackoff(), config.operations().maxBackoff());
    }

    public void run(OperationQueue.Claim claim) {
        Optional<OperationProgress.Run> found = progress.begin(claim.operationId());
        if (found.isEmpty()) {
            claim.complete();
            return;
        }
        OperationProgress.Run run = found.get();
        List<StepRun> steps = run.remainingSteps();
        if (steps.isEmpty()) {
            progress.finish(run.operationId(), run.type(), OperationState.SUCCEEDED, null);
            claim.complete();
            return;
        }
        OperationProgress.StepStart start = run.firstStart();
        for (int i = 0; i < steps.size(); i++) {
            StepRun step = steps.get(i);
            if (start.cancelRequested()) {
                progress.finish(run.operationId(), run.type(), OperationState.CANCELLED, null);
                claim.complete();
                return;
            }
            StepOutcome outcome;
            try {
                outcome = executor.execute(step);
            } catch (KubernetesCallFailed failure) {
                if (!failure.isTransient()) {
                    fail(claim, run, problem(502, "KUBERNETES_REJECTED", failure.getMessage(), run));
                    return;
                }
                Instant nextAttempt = Instant.now().plus(backoff.delayAfter(start.attempt()));
                if (nextAttempt.isAfter(run.deadline())) {
                    fail(claim, run, problem(504, "KUBERNETES_UNAVAILABLE", failure.getMessage() + " Gave up after "
                            + start.attempt() + " attempts: the operation's deadline (" + run.deadline()
                            + ") would pass before the next one.", run));
                    return;
                }
                progress.stepRetrying(step, failure.getMessage(), nextAttempt);
                claim.postpone(nextAttempt);
                return;
            } catch (StepWaiting waiting) {
                Instant nextLook = Instant.now().plus(waiting.retryIn());
                if (nextLook.isAfter(run.deadline())) {
                    fail(claim, run, problem(504, "OPERATION_TIMED_OUT", waiting.getMessage()
                            + " The operation's deadline (" + run.deadline() + ") passed while waiting.", run));
                    return;
                }
                progress.stepWaiting(step, waiting.getMessage(), nextLook);
                claim.postpone(nextLook);
                return;
            } catch (StepFailed failure) {
                fail(claim, run, problem(failure.status(), failure.code(), failure.getMessage(), run));
                return;
            }
            if (i + 1 == steps.size()) {
                progress.lastStepSucceeded(step, outcome, run.type());
            } else {
                start = progress.stepSucceeded(step, outcome, steps.get(i + 1));
            }
        }
        claim.complete();
    }

    private void fail(OperationQueue.Claim claim, OperationProgress.Run run, Problem problem) {
        progress.finish(run.operationId(), run.type(), OperationState.FAILED, problem);
        claim.complete();
    }

    private static Problem problem(int status, String code, String detail, OperationProgress.Run run) {
        return Problem.of(status, code, detail, "/api/v1/operations/" + run.operationId(), List.of());
    }
}
