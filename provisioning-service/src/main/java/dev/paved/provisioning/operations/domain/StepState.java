package dev.paved.provisioning.operations.domain;

public enum StepState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
}
