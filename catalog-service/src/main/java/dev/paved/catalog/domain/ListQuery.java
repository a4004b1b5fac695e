package dev.paved.catalog.domain;

/**
 * A list request as the cache knows it: the parsed query, the page asked for, and whether the
 * answer counts every match.
 */
public record ListQuery(EntityFilter filter, TextQuery text, Ordering ordering, FieldProjection fields, int limit,
        String cursor, boolean withTotal) {
}
