package dev.paved.provisioning.environments.domain;

import java.time.Instant;

import dev.paved.provisioning.domain.ObjectRef;

/** A difference the reconciler found between an object Paved applied and the cluster, and whether it repaired it. */
public record Drift(ObjectRef object, DriftKind kind, String detail, Instant detectedAt, boolean repaired) {
}
