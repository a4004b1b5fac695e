package dev.paved.gateway.domain;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.paved.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Catalog entities read by ref, kept only while every change of the catalog reaches the gateway
 * (its Watch stream). A change evicts the entity it names; a write the gateway passes on evicts
 * everything, since it can change the relations of other entities too. A read that overlaps any
 * eviction is not kept, so an answer taken before a change cannot outlive it. Without the gateway's
 * own client credentials it cannot follow the catalog, and stays off.
 */
@ApplicationScoped
public class CatalogReadCache {

    /** What a read by ref answers: the entity's JSON and its etag. */
    public record CachedEntity(String json, String etag) {
    }

    /** The stamp of a read taken while the cache is not in use: such a read is never kept. */
    private static final long NOT_FOLLOWING = -1;

    private final Cache<String, CachedEntity> entities;
    private final boolean enabled;
    private final AtomicLong evictions = new AtomicLong();
    private volatile boolean following;

    /** Hits and misses are counted as {@code cache_gets_total{cache="catalog_entities"}}. */
    @Inject
    public CatalogReadCache(GatewayConfig config, MeterRegistry metrics) {
        this(config.client().id().isPresent() && config.client().secret().isPresent()
                ? config.catalogCache().size() : 0);
        CaffeineCacheMetrics.monitor(metrics, entities, "catalog_entities");
    }

    CatalogReadCache(int size) {
        this.enabled = size > 0;
        this.entities = Caffeine.newBuilder().maximumSize(Math.max(size, 1)).recordStats().build();
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
        return enabled && following ? entities.getIfPresent(key) : null;
    }

    /** Taken before reading from the catalog, and handed to {@link #keep}. */
    public long stamp() {
        return enabled && following ? evictions.get() : NOT_FOLLOWING;
    }

    /**
     * Keeps what a read answered, unless anything was evicted since the read's stamp was taken.
     * Synchronized with evictions, so that none can slip between the check and the put.
     */
    public synchronized void keep(String key, CachedEntity entity, long stamp) {
        if (stamp != NOT_FOLLOWING && following && evictions.get() == stamp) {
            entities.put(key, entity);
        }
    }

    public synchronized void evict(String key) {
        evictions.incrementAndGet();
        entities.invalidate(key);
    }

    public synchronized void evictAll() {
        evictions.incrementAndGet();
        entities.invalidateAll();
    }

    /** Every change after this call will be evicted as it arrives: reads may be kept from now on. */
    public synchronized void following() {
        evictAll();
        following = true;
    }

    /** Changes may be missed from now on: nothing is kept or answered until following again. */
    public synchronized void notFollowing() {
        following = false;
        evictAll();
    }

    public boolean isFollowing() {
        return following;
    }

    public boolean isEnabled() {
        return enabled;
    }
}
