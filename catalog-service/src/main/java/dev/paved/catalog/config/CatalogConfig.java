package dev.paved.catalog.config;

import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the catalog and the demo data a local platform seeds on its first start. */
@ConfigMapping(prefix = "paved.catalog")
public interface CatalogConfig {

    /** The most entities one ingest request may hold. */
    @WithDefault("20000")
    int maxDocumentsPerRequest();

    /** The largest entity, measured as compact JSON. */
    @WithDefault("262144")
    int maxDocumentBytes();

    /** The deepest graph a client may ask for around an entity. */
    @WithDefault("5")
    int maxGraphDepth();

    /** The most entities one graph answer holds; the walk stops there. */
    @WithDefault("2000")
    int maxGraphEntities();

    /** How many entities the read cache keeps (0 turns it off). */
    @WithDefault("50000")
    int cacheSize();

    /** How much the cache of query result pages may hold, counted in characters of entity JSON (0 turns it off). */
    @WithDefault("32M")
    MemorySize pageCacheSize();

    Seed seed();

    /** Entities written once, when the catalog is empty at start (local platform only). */
    interface Seed {

        /** The demo team: a Group of that name. Nothing is seeded when absent. */
        Optional<String> team();

        /** The demo user, a member of the demo team. */
        Optional<String> user();

        /** A Component owned by the demo team. */
        Optional<String> component();
    }
}
