package dev.paved.provisioning.domain;

import java.util.List;

import dev.paved.provisioning.persistence.OperationEntity;
import dev.paved.provisioning.persistence.StepEntity;

/** An operation with its steps, read in one transaction. */
public record OperationView(OperationEntity operation, List<StepEntity> steps) {

    public static OperationView of(OperationEntity operation) {
        return new OperationView(operation, operation.steps());
    }
}
