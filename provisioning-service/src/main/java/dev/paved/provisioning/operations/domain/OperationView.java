package dev.paved.provisioning.operations.domain;

import java.util.List;

import dev.paved.provisioning.operations.persistence.OperationEntity;
import dev.paved.provisioning.operations.persistence.StepEntity;

/**
 * An operation with its steps, read in one transaction; or, answering a dry run, the operation a
 * request would make, never persisted (no id, no times), with each object it would act on.
 */
public record OperationView(OperationEntity operation, List<StepEntity> steps, boolean dryRun,
        List<PlannedStep> plannedObjects) {

    public static OperationView of(OperationEntity operation) {
        return of(operation, operation.steps());
    }

    public static OperationView of(OperationEntity operation, List<StepEntity> steps) {
        return new OperationView(operation, steps, false, List.of());
    }

    public static OperationView dryRun(OperationEntity unrecorded, List<StepEntity> steps,
            List<PlannedStep> plannedObjects) {
        return new OperationView(unrecorded, steps, true, plannedObjects);
    }
}
