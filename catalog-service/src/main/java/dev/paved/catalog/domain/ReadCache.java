package dev.paved.catalog.domain;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.common.cache.ChangeGate;

/**
 * Entities by ref key and pages of query results, for the reads that dominate catalog traffic.
 * Writes of this replica invalidate after they commit; writes of other replicas arrive through the
 * change listener (PostgreSQL NOTIFY), and while that listener is down nothing is cached. Any change
 * drops every cached page, since it may move an entity into or out of any query. A load that
 * overlaps an invalidation is not kept ({@link ChangeGate}), so a stale read taken before a commit
 * never outlives it.
 */
@ApplicationScoped
public class ReadCache {

    private final Cache<String, Optional<CatalogEntity>> entities;
    private final Cache<ListQuery, EntityPage> pages;
    private final boolean entitiesEnabled;
    private final boolean pagesEnabled;
    private final ChangeGate gate = new ChangeGate();

    @Inject
    public ReadCache(CatalogConfig config) {
        this(config.cacheSize(), config.pageCacheSize().asLongValue());
    }

    ReadCache(int entityCount, long pageChars) {
        this.entitiesEnabled = entityCount > 0;
        this.entities = Caffeine.newBuilder().maximumSize(Math.max(entityCount, 1)).build();
        this.pagesEnabled = pageChars > 0;
        this.pages = Caffeine.newBuilder().maximumWeight(Math.max(pageChars, 1))
                .<ListQuery, EntityPage> weigher((query, page) -> weightOf(page)).build();
    }

    public Optional<CatalogEntity> entity(String refKey, Function<String, Optional<CatalogEntity>> loader) {
        if (!entitiesEnabled || !gate.isFollowing()) {
            return loader.apply(refKey);
        }
        Optional<CatalogEntity> cached = entities.getIfPresent(refKey);
        return cached != null ? cached : load(refKey, () -> loader.apply(refKey), entities);
    }

    /** The cached lookup, or null when the cache holds nothing for the key (or is not in use). */
    public Optional<CatalogEntity> peekEntity(String refKey) {
        return entitiesEnabled && gate.isFollowing() ? entities.getIfPresent(refKey) : null;
    }

    public EntityPage page(ListQuery query, Supplier<EntityPage> loader) {
        if (!pagesEnabled || !gate.isFollowing()) {
            return loader.get();
        }
        EntityPage cached = pages.getIfPresent(query);
        return cached != null ? cached : load(query, loader, pages);
    }

    /** The cached page, or null when the cache holds nothing for the query (or is not in use). */
    public EntityPage peekPage(ListQuery query) {
        return pagesEnabled && gate.isFollowing() ? pages.getIfPresent(query) : null;
    }

    private <K, V> V load(K key, Supplier<V> loader, Cache<K, V> into) {
        return gate.load(loader, loaded -> into.put(key, loaded));
    }

    public void invalidate(Collection<String> refKeys) {
        gate.evict(() -> {
            entities.invalidateAll(refKeys);
            pages.invalidateAll();
        });
    }

    /** The change listener is (again) receiving every change: caching is safe from now on. */
    public void listening() {
        gate.following(this::clear);
    }

    /** The change listener lost its connection: changes of other replicas could be missed. */
    public void deaf() {
        gate.notFollowing(this::clear);
    }

    private void clear() {
        entities.invalidateAll();
        pages.invalidateAll();
    }

    private static int weightOf(EntityPage page) {
        long chars = 64;
        for (CatalogEntity entity : page.items()) {
            chars += entity.json().length() + 64L;
        }
        return (int) Math.min(Integer.MAX_VALUE, chars);
    }
}
