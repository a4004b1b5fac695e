package dev.paved.catalog.locations.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.paved.catalog.domain.CatalogWriter;
import dev.paved.catalog.domain.LocationBatch;
import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.persistence.LocationRecord;
import dev.paved.catalog.locations.persistence.LocationStore;
import dev.paved.common.id.Ids;
import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;

/**
 * Registering, reading, refreshing, pointing elsewhere and deleting Git locations. Anyone signed in
 * reads them. A team member registers a location for one of their teams, and it produces only
 * entities that team may write; a platform admin may register one without an owner team, which
 * produces any entity. Only the owner team's members and platform admins refresh, update or delete
 * a location.
 */
@ApplicationScoped
public class Locations {

    private static final String TYPE = "url";

    private final LocationStore store;
    private final LocationSyncs syncs;
    private final CatalogWriter writer;
    private final AllowedTargets allowed;
    private final LocationsConfig config;

    public Locations(LocationStore store, LocationSyncs syncs, CatalogWriter writer, AllowedTargets allowed,
            LocationsConfig config) {
        this.store = store;
        this.syncs = syncs;
        this.writer = writer;
        this.allowed = allowed;
        this.config = config;
    }

    /** Registers the target and syncs it at once; a dry run reads it and stores nothing. */
    public SyncResult create(Caller caller, String type, String target, String owner, boolean dryRun) {
        LocationTarget parsed = parse(type, target);
        String team = owner == null || owner.isBlank() ? null : owner.trim();
        if (team == null && !caller.isPlatformAdmin()) {
            throw ProblemException.badRequest("LOCATION_OWNER_REQUIRED", "Name the team the location is registered "
                    + "for; only platform admins register locations without one.",
                    Violation.at("/owner", "is required: one of your teams"));
        }
        if (team != null && !caller.mayActFor(team)) {
            throw ProblemException.forbidden("LOCATION_OWNER_NOT_YOURS", "You are not a member of " + team
                    + "; a location is registered for one of your own teams.");
        }
        Instant now = Instant.now();
        LocationRecord location = new LocationRecord(dryRun ? null : Ids.newId(), parsed.toString(), team,
                caller.subject(), now, LocationState.PENDING, null, null, now, List.of(), List.of());
        if (dryRun) {
            if (store.findByTarget(location.target()).isPresent()) {
                throw exists(location.target());
            }
            return syncs.dryRun(location);
        }
        if (!store.insert(location)) {
            throw exists(location.target());
        }
        return syncNow(location.id());
    }

    public LocationRecord get(String id) {
        return find(id);
    }

    /**
     * The location registered for a target, found by the target as a create would store it; empty
     * when none is, or when the text cannot be a target at all.
     */
    public Optional<LocationRecord> byTarget(String target) {
        try {
            return store.findByTarget(LocationTarget.parse(target).toString());
        } catch (LocationTarget.InvalidTarget notATarget) {
            return Optional.empty();
        }
    }

    public Page<LocationRecord> list(PageRequest page) {
        UUID after = page.isFirstPage() ? null : Ids.parse(page.cursor().key("id"))
                .orElseThrow(() -> ProblemException.badRequest("INVALID_CURSOR", "The cursor is not valid.",
                        Violation.parameter("cursor", "not a cursor from a previous page of this list")));
        List<LocationRecord> rows = store.list(after, page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<LocationRecord> items = more ? rows.subList(0, page.limit()) : rows;
        String next = more ? Cursor.after(Map.of("id", items.get(items.size() - 1).id().toString())).encode() : null;
        return new Page<>(List.copyOf(items), next);
    }

    /** Syncs the location now, unless another sync of it is under way. */
    public SyncResult refresh(Caller caller, String id) {
        LocationRecord location = find(id);
        checkMayChange(caller, location);
        return syncNow(location.id());
    }

    /**
     * Points the location at another target and syncs it at once, in one step: unless the new target
     * can be read, nothing changes. The same target as now is a refresh.
     */
    public SyncResult update(Caller caller, String id, String type, String target) {
        LocationTarget parsed = parse(type, target);
        LocationRecord location = find(id);
        checkMayChange(caller, location);
        String retargeted = parsed.toString();
        if (retargeted.equals(location.target())) {
            return syncNow(location.id());
        }
        // Refused before the target is read (a fetch may take long); the unique index still decides when
        // another location takes the target meanwhile.
        if (store.findByTarget(retargeted).isPresent()) {
            throw exists(retargeted);
        }
        UUID claim = claim(location.id());
        return syncs.retarget(location.id(), claim, retargeted).orElseThrow(LocationSyncs::lostClaim);
    }

    /** Deletes the location and the entities it produced; answers their refs. */
    @Transactional
    public List<String> delete(Caller caller, String id) {
        LocationRecord location = find(id);
        checkMayChange(caller, location);
        LocationRecord deleted = store.delete(location.id()).orElseThrow(() -> notFound(id));
        return writer.syncLocation(LocationSyncs.identity(deleted), new LocationBatch(
                LocationSyncs.origin(deleted.target()), null, Set.copyOf(deleted.files()), List.of(), Map.of(),
                Map.of()), false).removedRefs();
    }

    private SyncResult syncNow(UUID id) {
        return syncs.sync(id, claim(id)).orElseThrow(LocationSyncs::lostClaim);
    }

    /** Claims the location for a sync, unless another sync of it is under way. */
    private UUID claim(UUID id) {
        UUID claim = Ids.newId();
        if (!store.claim(id, claim, config.claimLease())) {
            throw ProblemException.conflict("LOCATION_BUSY", "The location is being synced right now; its outcome "
                    + "shows on the location shortly.");
        }
        return claim;
    }

    private LocationTarget parse(String type, String target) {
        if (type != null && !type.isEmpty() && !type.toLowerCase(Locale.ROOT).equals(TYPE)) {
            throw ProblemException.badRequest("UNSUPPORTED_LOCATION_TYPE", "Locations of type " + type
                    + " are not supported; use url.", Violation.at("/type", "must be url"));
        }
        try {
            LocationTarget parsed = LocationTarget.parse(target);
            allowed.check(parsed);
            return parsed;
        } catch (LocationTarget.UnsupportedScheme unsupported) {
            throw ProblemException.badRequest("UNSUPPORTED_SCHEME", "The target " + unsupported.getMessage() + ".",
                    Violation.at("/target", unsupported.getMessage()));
        } catch (LocationTarget.InvalidTarget invalid) {
            throw ProblemException.badRequest("INVALID_TARGET", "The target " + invalid.getMessage() + ".",
                    Violation.at("/target", invalid.getMessage()));
        }
    }

    private static void checkMayChange(Caller caller, LocationRecord location) {
        boolean allowed = location.owner() == null ? caller.isPlatformAdmin() : caller.mayActFor(location.owner());
        if (!allowed) {
            throw ProblemException.forbidden("LOCATION_NOT_OWNED", "The location belongs to "
                    + (location.owner() == null ? "the platform admins" : location.owner())
                    + "; only its team's members and platform admins may change it.");
        }
    }

    private LocationRecord find(String id) {
        Optional<UUID> uuid = Ids.parse(id);
        return uuid.flatMap(store::find).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("LOCATION_NOT_FOUND", "No location " + id + " is registered.");
    }

    static ProblemException exists(String target) {
        return ProblemException.conflict("LOCATION_EXISTS", "The target " + target + " is registered already.");
    }
}
