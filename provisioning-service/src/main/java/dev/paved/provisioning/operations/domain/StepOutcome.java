package dev.paved.provisioning.operations.domain;

import dev.paved.provisioning.environments.domain.DriftKind;

/**
 * What a step that succeeded did. {@code uid} is set when it applied the object; {@code drift} when
 * it found the object different from what Paved applied.
 */
public record StepOutcome(String message, String uid, Drift drift) {

    public record Drift(DriftKind kind, String detail, boolean repaired) {
    }

    public static StepOutcome applied(String uid) {
        return new StepOutcome("Applied.", uid, null);
    }

    public static StepOutcome done(String message) {
        return new StepOutcome(message, null, null);
    }
}
