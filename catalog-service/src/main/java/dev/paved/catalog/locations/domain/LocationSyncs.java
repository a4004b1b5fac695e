package dev.paved.catalog.locations.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.catalog.domain.CatalogWriter;
import dev.paved.catalog.domain.LocationBatch;
import dev.paved.catalog.domain.LocationOutcome;
import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.persistence.LocationRecord;
import dev.paved.catalog.locations.persistence.LocationStore;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Syncs one location that the caller has claimed: reads its target (no transaction is open while Git
 * is asked), then in one transaction, while the claim still holds, stores the entities as the
 * location's identity may write them and records the outcome on the location.
 */
@ApplicationScoped
public class LocationSyncs {

    private final LocationStore store;
    private final LocationReader reader;
    private final AllowedTargets allowed;
    private final CatalogWriter writer;
    private final LocationsConfig config;

    public LocationSyncs(LocationStore store, LocationReader reader, AllowedTargets allowed, CatalogWriter writer,
            LocationsConfig config) {
        this.store = store;
        this.reader = reader;
        this.allowed = allowed;
        this.writer = writer;
        this.config = config;
    }

    /**
     * Syncs the claimed location and ends the claim; empty when the location went away or the claim
     * ran out before the outcome could be stored (nothing is written then).
     */
    public Optional<SyncResult> sync(UUID id, UUID claim) {
        return syncClaimed(id, claim, null);
    }

    /**
     * Points the claimed location at another target and syncs it, ending the claim: the new target is
     * read first, and only if it can be, the target and the entities change together. Empty when the
     * location went away or the claim ran out meanwhile (nothing is written then).
     */
    public Optional<SyncResult> retarget(UUID id, UUID claim, String target) {
        return syncClaimed(id, claim, target);
    }

    /** Reads the location's target, or the new one, and stores the outcome; the claim ends either way. */
    private Optional<SyncResult> syncClaimed(UUID id, UUID claim, String newTarget) {
        boolean finished = false;
        try {
            Optional<String> target = newTarget != null ? Optional.of(newTarget)
                    : store.find(id).map(LocationRecord::target);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            LocationReader.Read read = read(target.get());
            if (newTarget != null && read.failed()) {
                throw ProblemException.invalid("LOCATION_TARGET_UNREADABLE", "The new target cannot be read; the "
                        + "location keeps its target and entities.", read.errors().stream()
                                .map(error -> Violation.at("/target", error.code() + ": " + error.message())).toList());
            }
            Optional<SyncResult> result = QuarkusTransaction.requiringNew()
                    .call(() -> store(id, claim, newTarget, read));
            finished = result.isPresent();
            return result;
        } finally {
            if (!finished) {
                store.release(id, claim);
            }
        }
    }

    /** A sync whose claim was lost: the location was deleted, or its claim ran out and another sync took it. */
    static ProblemException lostClaim() {
        return ProblemException.conflict("LOCATION_BUSY", "The location was deleted or taken over by another sync "
                + "while it was synced; nothing was written.");
    }

    /** What registering the target would produce, as the identity may write it; nothing is stored. */
    public SyncResult dryRun(LocationRecord location) {
        LocationReader.Read read = read(location.target());
        if (read.failed()) {
            return new SyncResult(withOutcome(location, LocationState.FAILED, null, read.errors()), List.of(), List.of(), true);
        }
        LocationOutcome outcome = writer.syncLocation(identity(location), batch(location, null, read), true);
        List<LocationError> errors = errors(read, outcome);
        return new SyncResult(withOutcome(location, stateOf(errors), read.commit(), errors), outcome.produced(), outcome.removedRefs(),
                true);
    }

    /** The identity a location writes with: a member of its owner team, or a platform admin when it has none. */
    static Caller identity(LocationRecord location) {
        return location.owner() == null
                ? new Caller(location.createdBy(), Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of())
                : new Caller(location.createdBy(), Set.of(location.owner()), Set.of(), Set.of());
    }

    /** The location's own reference, every entity's origin location. */
    static String origin(String target) {
        return "url:" + target;
    }

    private LocationReader.Read read(String text) {
        try {
            LocationTarget target = LocationTarget.parse(text);
            allowed.check(target);
            return reader.read(target);
        } catch (LocationTarget.InvalidTarget invalid) {
            return new LocationReader.Read(null, List.of(), List.of(LocationError.of("INVALID_TARGET", "The target "
                    + invalid.getMessage() + ".")), Set.of(), Map.of(), Map.of());
        }
    }

    /** Stores a read of the claimed location; with a new target (else null), the location takes it now. */
    private Optional<SyncResult> store(UUID id, UUID claim, String newTarget, LocationReader.Read read) {
        Optional<LocationRecord> claimed = store.lockClaimed(id, claim);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        LocationRecord location = claimed.get();
        String previousOrigin = null;
        if (newTarget != null) {
            if (!store.retarget(id, newTarget)) {
                throw Locations.exists(newTarget);
            }
            previousOrigin = origin(location.target());
            location = location.withTarget(newTarget);
        }
        Instant next = Instant.now().plus(config.syncInterval());
        if (read.failed()) {
            store.finish(id, LocationState.FAILED, null, read.errors(), location.files(), next);
            return Optional.of(new SyncResult(store.find(id).orElseThrow(), List.of(), List.of(), false));
        }
        LocationOutcome outcome = writer.syncLocation(identity(location), batch(location, previousOrigin, read), false);
        List<LocationError> errors = errors(read, outcome);
        Set<String> files = new LinkedHashSet<>(read.files());
        files.addAll(read.keptFiles().keySet());
        outcome.rejected().forEach(rejected -> files.add(rejected.location()));
        store.finish(id, stateOf(errors), read.commit(), errors, List.copyOf(files), next);
        return Optional.of(new SyncResult(store.find(id).orElseThrow(), outcome.produced(), outcome.removedRefs(),
                false));
    }

    private static LocationBatch batch(LocationRecord location, String previousOrigin, LocationReader.Read read) {
        Set<String> files = new LinkedHashSet<>(location.files());
        files.addAll(read.files());
        files.addAll(read.keptFiles().keySet());
        return new LocationBatch(origin(location.target()), previousOrigin, files, read.entities(), read.keptRefs(),
                read.keptFiles());
    }

    private static List<LocationError> errors(LocationReader.Read read, LocationOutcome outcome) {
        List<LocationError> errors = new ArrayList<>(read.errors());
        for (LocationOutcome.Rejected rejected : outcome.rejected()) {
            errors.add(new LocationError(rejected.code(), rejected.message(), rejected.location(), rejected.ref()));
        }
        return errors;
    }

    private static LocationState stateOf(List<LocationError> errors) {
        return errors.isEmpty() ? LocationState.SYNCED : LocationState.SYNCED_WITH_ERRORS;
    }

    private static LocationRecord withOutcome(LocationRecord location, LocationState state, String commit,
            List<LocationError> errors) {
        return new LocationRecord(location.id(), location.target(), location.owner(), location.createdBy(),
                location.createdAt(), state, commit, location.lastSyncedAt(), location.nextSyncAt(), errors,
                location.files());
    }
}
