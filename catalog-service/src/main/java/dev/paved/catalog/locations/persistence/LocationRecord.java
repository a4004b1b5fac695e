package dev.paved.catalog.locations.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.paved.catalog.locations.domain.LocationError;
import dev.paved.catalog.locations.domain.LocationState;

/** A stored location: its registration and the outcome of its last sync. */
public record LocationRecord(UUID id, String target, String owner, String createdBy, Instant createdAt,
        LocationState state, String commit, Instant lastSyncedAt, Instant nextSyncAt, List<LocationError> errors,
        List<String> files) {

    /** The same location, pointed at another target. */
    public LocationRecord withTarget(String newTarget) {
        return new LocationRecord(id, newTarget, owner, createdBy, createdAt, state, commit, lastSyncedAt, nextSyncAt,
                errors, files);
    }
}
