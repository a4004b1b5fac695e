package dev.paved.provisioning.operations.worker;

import java.util.Set;

import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;

/**
 * Carries out the steps of some actions; each feature brings the executors of the actions it plans
 * (environments apply and delete objects, deployments also provision resources and wait for
 * rollouts). The same contract as {@link StepExecutor}: steps are safe to repeat.
 */
public interface ActionExecutor {

    Set<StepAction> actions();

    StepOutcome execute(StepRun step);
}
