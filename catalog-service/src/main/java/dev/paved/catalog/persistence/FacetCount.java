package dev.paved.catalog.persistence;

/** How many matching entities have a value in a field. */
public record FacetCount(String value, long count) {
}
