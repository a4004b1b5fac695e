package dev.paved.catalog.locations.domain;

import java.util.List;

import dev.paved.catalog.domain.LocationOutcome;
import dev.paved.catalog.locations.persistence.LocationRecord;

/** A sync's (or a dry run's) outcome: the location afterwards, the entities taken and those removed. */
public record SyncResult(LocationRecord location, List<LocationOutcome.Produced> produced, List<String> removedRefs,
        boolean dryRun) {
}
