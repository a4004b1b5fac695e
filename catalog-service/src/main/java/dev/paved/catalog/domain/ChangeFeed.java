package dev.paved.catalog.domain;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import dev.paved.catalog.persistence.CatalogSignal;
import dev.paved.catalog.persistence.ChangeRow;
import dev.paved.catalog.persistence.EntityStore;

/**
 * Delivers the change feed to watchers as it grows, and keeps the entity cache in step with
 * changes made by any replica. Each watcher reads pages after its own last revision, so a slow or
 * late watcher catches up from the table rather than from memory.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final int PAGE = 500;

    private final EntityStore store;
    private final ReadCache cache;
    private final ExecutorService executor;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final Object cacheLock = new Object();
    private long cachedUpTo = -1;

    public ChangeFeed(EntityStore store, ReadCache cache, ManagedExecutor executor) {
        this.store = store;
        this.cache = cache;
        this.executor = executor;
    }

    void onSignal(@Observes CatalogSignal signal) {
        switch (signal.state()) {
            case CONNECTED -> {
                synchronized (cacheLock) {
                    cachedUpTo = store.latestRevision();
                    cache.listening();
                }
            }
            case CHANGED -> invalidateChangedEntities();
            case DISCONNECTED -> cache.deaf();
        }
        watchers.forEach(Watcher::wake);
    }

    private void invalidateChangedEntities() {
        synchronized (cacheLock) {
            if (cachedUpTo < 0) {
                return;
            }
            List<ChangeRow> changed;
            do {
                changed = store.changesSince(cachedUpTo, PAGE, false);
                cache.invalidate(changed.stream().map(ChangeRow::refKey).toList());
                if (!changed.isEmpty()) {
                    cachedUpTo = changed.get(changed.size() - 1).revision();
                }
            } while (changed.size() == PAGE);
        }
    }

    /**
     * Sends every change after {@code since}, then each new one, until the subscription is closed;
     * with {@code withEntities} false, each change without its entity.
     */
    public Subscription watch(long since, boolean withEntities, Consumer<ChangeRow> sink, Consumer<Throwable> failure) {
        return watchPages(since, withEntities, page -> page.forEach(sink), failure);
    }

    /**
     * As {@link #watch}, a page of consecutive changes (at most {@value #PAGE}) to each call of the
     * sink, oldest first: for a watcher whose cost is per message rather than per change.
     */
    public Subscription watchPages(long since, boolean withEntities, Consumer<List<ChangeRow>> sink,
            Consumer<Throwable> failure) {
        Watcher watcher = new Watcher(since, withEntities, sink, failure);
        watchers.add(watcher);
        watcher.wake();
        return watcher;
    }

    /** An open watch. */
    public interface Subscription {
        void close();
    }

    private final class Watcher implements Subscription {

        private final boolean withEntities;
        private final Consumer<List<ChangeRow>> sink;
        private final Consumer<Throwable> failure;
        private final AtomicBoolean pending = new AtomicBoolean();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean closed;
        private long last;

        Watcher(long since, boolean withEntities, Consumer<List<ChangeRow>> sink, Consumer<Throwable> failure) {
            this.last = since;
            this.withEntities = withEntities;
            this.sink = sink;
            this.failure = failure;
        }

        void wake() {
            pending.set(true);
            if (!closed && draining.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }

        private void drain() {
            try {
                while (!closed && pending.getAndSet(false)) {
                    List<ChangeRow> page;
                    do {
                        page = store.changesSince(last, PAGE, withEntities);
                        if (closed) {
                            return;
                        }
                        if (!page.isEmpty()) {
                            sink.accept(page);
                            last = page.get(page.size() - 1).revision();
                        }
                    } while (page.size() == PAGE);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "A catalog watch ended");
                close();
                failure.accept(e);
            } finally {
                draining.set(false);
                if (pending.get() && !closed) {
                    wake();
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            watchers.remove(this);
        }
    }
}
