package dev.paved.catalog.domain;

/**
 * What the catalog stores for one entity besides its descriptor: the JSON it serves, its etag, the
 * flattened search keys (lower case, for filters), the same keys with original values (for facets)
 * and the text that full-text search looks at.
 */
public record RenderedEntity(String body, String etag, String search, String facetValues, String fullText) {
}
