package dev.paved.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;


class ReadCacheTest {

    private static final ListQuery COMPONENTS = CatalogQueries.listQuery(List.of("kind=component"), null, List.of(),
            null, List.of(), 20, null, false);
    private static final ListQuery APIS = CatalogQueries.listQuery(List.of("kind=api"), null, List.of(), null,
            List.of(), 20, null, false);

    private final ReadCache cache = new ReadCache(100, 1_000_000);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void cachesNothingUntilTheChangeListenerIsListening() {
        cache.page(COMPONENTS, this::loadPage);
        cache.entity("component:default/a", this::loadEntity);

        assertNull(cache.peekPage(COMPONENTS));
        assertNull(cache.peekEntity("component:default/a"));
        assertEquals(2, loads.get());
    }

    @Test
    void answersARepeatedQueryFromTheCache() {
        cache.listening();
        EntityPage first = cache.page(COMPONENTS, this::loadPage);

        assertSame(first, cache.page(COMPONENTS, this::loadPage));
        assertSame(first, cache.peekPage(COMPONENTS));
        assertEquals(1, loads.get());
    }

    @Test
    void keepsQueriesThatDifferInFilterLimitOrCursorApart() {
        cache.listening();
        cache.page(COMPONENTS, this::loadPage);

        assertNull(cache.peekPage(APIS));
        assertNull(cache.peekPage(CatalogQueries.listQuery(List.of("kind=component"), null, List.of(), null,
                List.of(), 21, null, false)));
        assertNull(cache.peekPage(CatalogQueries.listQuery(List.of("kind=component"), "payments", List.of(), null,
                List.of(), 20, null, false)));
    }

    @Test
    void dropsEveryPageWhenAnyEntityChanges() {
        cache.listening();
        cache.page(COMPONENTS, this::loadPage);
        cache.page(APIS, this::loadPage);
        cache.entity("component:default/a", this::loadEntity);
        cache.entity("component:default/b", this::loadEntity);

        cache.invalidate(List.of("component:default/b"));

        assertNull(cache.peekPage(COMPONENTS));
        assertNull(cache.peekPage(APIS));
        assertNull(cache.peekEntity("component:default/b"));
        assertEquals("a", cache.peekEntity("component:default/a").orElseThrow().name());
    }

    @Test
    void doesNotKeepAPageLoadedWhileAChangeWasInvalidated() {
        cache.listening();
        cache.page(COMPONENTS, () -> {
            cache.invalidate(List.of("component:default/a"));
            return loadPage();
        });

        assertNull(cache.peekPage(COMPONENTS));
    }

    @Test
    void forgetsEverythingAndStopsCachingWhenTheListenerIsDeaf() {
        cache.listening();
        cache.page(COMPONENTS, this::loadPage);
        cache.entity("component:default/a", this::loadEntity);

        cache.deaf();
        cache.page(COMPONENTS, this::loadPage);

        assertNull(cache.peekPage(COMPONENTS));
        assertNull(cache.peekEntity("component:default/a"));
        assertEquals(3, loads.get());
    }

    @Test
    void cachesNoPagesWhenThePageCacheIsOff() {
        ReadCache entitiesOnly = new ReadCache(100, 0);
        entitiesOnly.listening();
        entitiesOnly.page(COMPONENTS, this::loadPage);
        entitiesOnly.entity("component:default/a", this::loadEntity);

        assertNull(entitiesOnly.peekPage(COMPONENTS));
        assertEquals("a", entitiesOnly.peekEntity("component:default/a").orElseThrow().name());
    }

    private EntityPage loadPage() {
        loads.incrementAndGet();
        return new EntityPage(List.of(entity("a")), null, null, null);
    }

    private Optional<CatalogEntity> loadEntity(String refKey) {
        loads.incrementAndGet();
        return Optional.of(entity(refKey.substring(refKey.lastIndexOf('/') + 1)));
    }

    private static CatalogEntity entity(String name) {
        return new CatalogEntity("Component", "default", name, UUID.randomUUID(), "etag", 1,
                "{\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name + "\"}}");
    }
}
