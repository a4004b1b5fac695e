package dev.paved.provisioning.domain;

public enum StepState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
}
