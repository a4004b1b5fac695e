package dev.paved.provisioning.operations.worker;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;

/** Hands each step to the executor of its action; every action has exactly one. */
@ApplicationScoped
public class StepExecutors implements StepExecutor {

    private final Map<StepAction, ActionExecutor> byAction = new EnumMap<>(StepAction.class);

    public StepExecutors(Instance<ActionExecutor> executors) {
        for (ActionExecutor executor : executors) {
            for (StepAction action : executor.actions()) {
                ActionExecutor previous = byAction.put(action, executor);
                if (previous != null) {
                    throw new IllegalStateException(action + " has two executors: " + previous.getClass().getName()
                            + " and " + executor.getClass().getName());
                }
            }
        }
        for (StepAction action : StepAction.values()) {
            if (!byAction.containsKey(action)) {
                throw new IllegalStateException("no executor carries out " + action + " steps");
            }
        }
    }

    @Override
    public StepOutcome execute(StepRun step) {
        return byAction.get(step.action()).execute(step);
    }
}
