package dev.paved.catalog.domain;

/** What a write did (or, on a dry run, would do) to one entity. */
public enum WriteAction {
    CREATED,
    UPDATED,
    UNCHANGED,
    DELETED
}
