package dev.paved.catalog.domain;

/** The outcome of replacing one entity, with the descriptor as it would be stored (for dry runs). */
public record ReplaceOutcome(WriteResult result, String descriptorJson) {
}
