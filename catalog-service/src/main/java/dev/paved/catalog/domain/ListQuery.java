package dev.paved.catalog.domain;

/** A list request as the cache knows it: the parsed query and the page asked for. */
public record ListQuery(EntityFilter filter, TextQuery text, Ordering ordering, FieldProjection fields, int limit,
        String cursor) {
}
