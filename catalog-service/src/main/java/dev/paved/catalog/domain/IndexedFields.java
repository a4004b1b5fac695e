package dev.paved.catalog.domain;

import java.util.Set;

/**
 * What the catalog indexes for one entity: the flattened search keys (lower case, for filters), the
 * same keys with original values (for facets) and the text that full-text search looks at.
 */
public record IndexedFields(String search, String facetValues, String fullText) {

    /**
     * Keys the entity row holds in columns of its own (kind, namespace, name and the id that is the
     * uid). Filters, orders and facets read those columns, so the search keys leave them out: they were
     * a fifth of the GIN index's entries for every entity written, two of them unique to the entity.
     */
    public static final Set<String> ROW_COLUMN_KEYS = Set.of("kind", "metadata.namespace", "metadata.name",
            "metadata.uid");
}
