package dev.paved.catalog.locations.domain;

/** Where a location's syncs stand; see {@code paved.catalog.v1.LocationState}. */
public enum LocationState {
    PENDING, SYNCED, SYNCED_WITH_ERRORS, FAILED
}
