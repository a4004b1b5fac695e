package dev.paved.provisioning.operations.domain;

/** What an operation must remember of its request until it finishes. */
public record OperationRequest(String tier) {
}
