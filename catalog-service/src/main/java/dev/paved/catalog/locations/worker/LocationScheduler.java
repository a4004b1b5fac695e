package dev.paved.catalog.locations.worker;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.domain.LocationSyncs;
import dev.paved.catalog.locations.persistence.LocationStore;
import dev.paved.common.id.Ids;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Syncs locations whose interval has passed. Replicas share the work through row claims: each due
 * location is claimed ({@code FOR UPDATE SKIP LOCKED}, then a lease on the row) by one replica,
 * which syncs it, so no location is synced twice at once, here or on another replica.
 */
@ApplicationScoped
public class LocationScheduler {

    private static final Logger LOG = Logger.getLogger(LocationScheduler.class);
    /** The most locations one round syncs, so that a backlog does not hold a round for long. */
    private static final int BATCH = 20;

    private final LocationStore store;
    private final LocationSyncs syncs;
    private final LocationsConfig config;
    private volatile boolean stopping;

    public LocationScheduler(LocationStore store, LocationSyncs syncs, LocationsConfig config) {
        this.store = store;
        this.syncs = syncs;
        this.config = config;
    }

    @Scheduled(every = "${paved.catalog.locations.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        syncDue(Instant.now());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Syncs the locations due by the given time, each at most once and at most a round's worth;
     * answers how many it synced.
     */
    public int syncDue(Instant dueBy) {
        Set<UUID> synced = new HashSet<>();
        while (synced.size() < BATCH && !stopping) {
            UUID claim = Ids.newId();
            Optional<UUID> due = store.claimDue(dueBy, claim, config.claimLease());
            if (due.isEmpty()) {
                break;
            }
            if (!synced.add(due.get())) {
                store.release(due.get(), claim);
                break;
            }
            try {
                syncs.sync(due.get(), claim);
            } catch (RuntimeException failure) {
                LOG.warnf(failure, "syncing location %s failed", due.get());
            }
        }
        return synced.size();
    }
}
