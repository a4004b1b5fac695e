package dev.paved.provisioning.operations.worker;

import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;

/**
 * Carries out one step against its cluster. It either answers what it did, or throws
 * {@link dev.paved.provisioning.kubernetes.KubernetesCallFailed} (retried when transient) or
 * {@link StepFailed}. Steps must be safe to repeat: a step is repeated when its worker died after
 * doing it but before recording it.
 */
@FunctionalInterface
public interface StepExecutor {

    StepOutcome execute(StepRun step);
}
