package dev.paved.catalog.domain;

import java.util.List;

/**
 * A page of a list of entities: the cursors that ask for the pages after and before it (null where
 * there is none), and the number of matches over all pages when it was asked for (else null).
 */
public record EntityPage(List<CatalogEntity> items, String nextCursor, String prevCursor, Long totalItems) {
}
