package dev.paved.gateway.domain;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.paved.api.catalog.v1.Entity;
import dev.paved.common.cache.ChangeGate;
import dev.paved.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Catalog entities read by ref, and pages of query answers, kept only while every change of the
 * catalog reaches the gateway (its Watch stream). A change evicts the entity it names and every
 * page, since it may move an entity into or out of any query; a write the gateway passes on evicts
 * everything, since it can change the relations of other entities too. A read that overlaps any
 * eviction is not kept ({@link ChangeGate}), so an answer taken before a change cannot outlive it. Without the gateway's
 * own client credentials it cannot follow the catalog, and stays off.
 */
@ApplicationScoped
public class CatalogReadCache {

    /** What a read by ref answers, over REST (its JSON and etag) and over gRPC (the whole message). */
    public record CachedEntity(Entity entity) {

        public String json() {
            return entity.getJson();
        }

        public String etag() {
            return entity.getEtag();
        }
    }

    private final Cache<String, CachedEntity> entities;
    private final Cache<Object, String> pages;
    private final boolean entitiesEnabled;
    private final boolean pagesEnabled;
    private final ChangeGate gate = new ChangeGate();

    /** Hits and misses are counted as {@code cache_gets_total{cache="catalog_entities" or "catalog_pages"}}. */
    @Inject
    public CatalogReadCache(GatewayConfig config, MeterRegistry metrics) {
        this(config.client().isConfigured() ? config.catalogCache().size() : 0,
                config.client().isConfigured() ? config.catalogCache().pages().asLongValue() : 0);
        CaffeineCacheMetrics.monitor(metrics, entities, "catalog_entities");
        CaffeineCacheMetrics.monitor(metrics, pages, "catalog_pages");
    }

    CatalogReadCache(int entityCount, long pageChars) {
        this.entitiesEnabled = entityCount > 0;
        // Upkeep runs on the thread that keeps an answer, a miss that already paid a catalog call.
        this.entities = Caffeine.newBuilder().maximumSize(Math.max(entityCount, 1)).executor(Runnable::run)
                .recordStats().build();
        this.pagesEnabled = pageChars > 0;
        this.pages = Caffeine.newBuilder().maximumWeight(Math.max(pageChars, 1)).executor(Runnable::run)
                .<Object, String> weigher((query, json) -> json.length()).recordStats().build();
    }

    /** The key of an entity ref, compared case-insensitively as the catalog does. */
    public static String keyOf(String kind, String namespace, String name) {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }

    /** The key of a ref as the change feed writes it ({@code kind:namespace/name}). */
    public static String keyOf(String ref) {
        return ref.toLowerCase(Locale.ROOT);
    }

    /** The kept entity, or null when none is kept or the cache is not in use. */
    public CachedEntity peek(String key) {
        return entitiesEnabled && gate.isFollowing() ? entities.getIfPresent(key) : null;
    }

    /** The kept answer to a query (any value that identifies it), or null. */
    public String peekPage(Object query) {
        return pagesEnabled && gate.isFollowing() ? pages.getIfPresent(query) : null;
    }

    /** Taken before reading from the catalog, and handed to {@link #keep} or {@link #keepPage}. */
    public long stamp() {
        return gate.stamp();
    }

    /** Keeps what a read answered, unless anything was evicted since the read's stamp was taken. */
    public void keep(String key, CachedEntity entity, long stamp) {
        if (entitiesEnabled) {
            gate.keep(stamp, () -> entities.put(key, entity));
        }
    }

    /** As {@link #keep}, for the answer to a query. */
    public void keepPage(Object query, String json, long stamp) {
        if (pagesEnabled) {
            gate.keep(stamp, () -> pages.put(query, json));
        }
    }

    /** A change of one entity: it, and every page, may read differently now. */
    public void evict(String key) {
        gate.evict(() -> {
            entities.invalidate(key);
            pages.invalidateAll();
        });
    }

    public void evictAll() {
        gate.evict(this::clear);
    }

    /** Every change after this call will be evicted as it arrives: reads may be kept from now on. */
    public void following() {
        gate.following(this::clear);
    }

    /** Changes may be missed from now on: nothing is kept or answered until following again. */
    public void notFollowing() {
        gate.notFollowing(this::clear);
    }

    private void clear() {
        entities.invalidateAll();
        pages.invalidateAll();
    }

    public boolean isFollowing() {
        return gate.isFollowing();
    }

    public boolean isEnabled() {
        return entitiesEnabled || pagesEnabled;
    }
}
