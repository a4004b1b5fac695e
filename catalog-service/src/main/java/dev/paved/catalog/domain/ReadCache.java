package dev.paved.catalog.domain;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.paved.catalog.config.CatalogConfig;

/**
 * Entities by ref key, for the reads by ref that dominate catalog traffic. Writes of this replica
 * invalidate after they commit; writes of other replicas arrive through the change listener
 * (PostgreSQL NOTIFY), and while that listener is down nothing is cached. A load that overlaps an
 * invalidation is not kept, so a stale row read before a commit never outlives it.
 */
@ApplicationScoped
public class EntityCache {

    private final Cache<String, Optional<CatalogEntity>> entries;
    private final boolean enabled;
    private final AtomicLong invalidations = new AtomicLong();
    private volatile boolean listening;

    public EntityCache(CatalogConfig config) {
        this.enabled = config.cacheSize() > 0;
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(config.cacheSize(), 1)).build();
    }

    public Optional<CatalogEntity> get(String refKey, Function<String, Optional<CatalogEntity>> loader) {
        if (!enabled || !listening) {
            return loader.apply(refKey);
        }
        Optional<CatalogEntity> cached = entries.getIfPresent(refKey);
        if (cached != null) {
            return cached;
        }
        long before = invalidations.get();
        Optional<CatalogEntity> loaded = loader.apply(refKey);
        if (invalidations.get() == before && listening) {
            entries.put(refKey, loaded);
        }
        return loaded;
    }

    /** The cached lookup, or null when the cache holds nothing for the key (or is not in use). */
    public Optional<CatalogEntity> peek(String refKey) {
        return enabled && listening ? entries.getIfPresent(refKey) : null;
    }

    public void invalidate(Collection<String> refKeys) {
        invalidations.incrementAndGet();
        entries.invalidateAll(refKeys);
    }

    /** The change listener is (again) receiving every change: caching is safe from now on. */
    public void listening() {
        invalidateAll();
        listening = true;
    }

    /** The change listener lost its connection: changes of other replicas could be missed. */
    public void deaf() {
        listening = false;
        invalidateAll();
    }

    private void invalidateAll() {
        invalidations.incrementAndGet();
        entries.invalidateAll();
    }
}
