package dev.paved.catalog.domain;

/**
 * What the catalog indexes for one entity: the flattened search keys (lower case, for filters), the
 * same keys with original values (for facets) and the text that full-text search looks at.
 */
public record IndexedFields(String search, String facetValues, String fullText) {
}
