package dev.paved.provisioning.operations.domain;

import java.util.List;

/**
 * An operation with its steps, read in one transaction; or, answering a dry run, the operation a
 * request would make, never persisted (no id, no times), with each object it would act on.
 */
public record OperationView(Operation operation, List<Step> steps, boolean dryRun, List<PlannedStep> plannedObjects) {

    public static OperationView of(Operation operation, List<Step> steps) {
        return new OperationView(operation, steps, false, List.of());
    }

    public static OperationView dryRun(Operation unrecorded, List<Step> steps, List<PlannedStep> plannedObjects) {
        return new OperationView(unrecorded, steps, true, plannedObjects);
    }
}
