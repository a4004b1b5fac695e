package dev.paved.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.Entity;
import dev.paved.gateway.domain.CatalogReadCache.CachedEntity;

class CatalogReadCacheTest {

    private static final String KEY = CatalogReadCache.keyOf("Component", "default", "checkout");
    private static final CachedEntity CHECKOUT = new CachedEntity(
            Entity.newBuilder().setJson("{\"kind\":\"Component\"}").setEtag("etag-1").build());

    private static CatalogReadCache followingCache() {
        CatalogReadCache cache = new CatalogReadCache(100, 10_000);
        cache.following();
        return cache;
    }

    @Test
    void keepsAReadWhileFollowingAndComparesRefsCaseInsensitively() {
        CatalogReadCache cache = followingCache();

        cache.keep(KEY, CHECKOUT, cache.stamp());

        assertEquals(CHECKOUT, cache.peek(CatalogReadCache.keyOf("component", "DEFAULT", "Checkout")));
        assertEquals(CHECKOUT, cache.peek(CatalogReadCache.keyOf("Component:Default/CHECKOUT")));
    }

    @Test
    void aChangeEvictsTheEntityItNamesAndNothingElse() {
        CatalogReadCache cache = followingCache();
        String other = CatalogReadCache.keyOf("Component", "default", "billing");
        cache.keep(KEY, CHECKOUT, cache.stamp());
        cache.keep(other, CHECKOUT, cache.stamp());

        cache.evict(CatalogReadCache.keyOf("component:default/checkout"));

        assertNull(cache.peek(KEY));
        assertEquals(CHECKOUT, cache.peek(other));
    }

    @Test
    void aReadThatOverlapsAnyEvictionIsNotKept() {
        CatalogReadCache cache = followingCache();
        long stampBeforeTheRead = cache.stamp();

        cache.evict(CatalogReadCache.keyOf("component:default/unrelated"));
        cache.keep(KEY, CHECKOUT, stampBeforeTheRead);

        assertNull(cache.peek(KEY), "the read may predate the change that was evicted meanwhile");
        cache.keep(KEY, CHECKOUT, cache.stamp());
        assertEquals(CHECKOUT, cache.peek(KEY));
    }

    @Test
    void aWritePassedOnEvictsEverything() {
        CatalogReadCache cache = followingCache();
        cache.keep(KEY, CHECKOUT, cache.stamp());

        cache.evictAll();

        assertNull(cache.peek(KEY));
    }

    @Test
    void keepsAndAnswersNothingUntilFollowingNorAfterTheStreamBroke() {
        CatalogReadCache cache = new CatalogReadCache(100, 10_000);
        cache.keep(KEY, CHECKOUT, cache.stamp());
        assertNull(cache.peek(KEY), "not following yet");

        cache.following();
        long stampWhileFollowing = cache.stamp();
        cache.keep(KEY, CHECKOUT, stampWhileFollowing);
        cache.notFollowing();

        assertNull(cache.peek(KEY), "changes may have been missed");
        cache.keep(KEY, CHECKOUT, stampWhileFollowing);
        cache.following();
        assertNull(cache.peek(KEY), "a read taken before the stream broke is not kept afterwards");
    }

    @Test
    void aReadTakenBeforeFollowingBeganIsNotKept() {
        CatalogReadCache cache = new CatalogReadCache(100, 10_000);
        long stampBeforeFollowing = cache.stamp();
        cache.following();

        cache.keep(KEY, CHECKOUT, stampBeforeFollowing);

        assertNull(cache.peek(KEY));
    }

    @Test
    void aChangeOfAnyEntityEvictsEveryPageButKeepsOtherEntities() {
        CatalogReadCache cache = followingCache();
        String other = CatalogReadCache.keyOf("Component", "default", "billing");
        cache.keep(KEY, CHECKOUT, cache.stamp());
        cache.keepPage("kind=component", "{\"items\":[]}", cache.stamp());
        cache.keepPage("kind=api", "{\"items\":[]}", cache.stamp());

        cache.evict(other);

        assertNull(cache.peekPage("kind=component"), "the change may move an entity into any query");
        assertNull(cache.peekPage("kind=api"));
        assertEquals(CHECKOUT, cache.peek(KEY));
    }

    @Test
    void aPageReadThatOverlapsAnEvictionIsNotKept() {
        CatalogReadCache cache = followingCache();
        long stampBeforeTheQuery = cache.stamp();

        cache.evict(KEY);
        cache.keepPage("kind=component", "{\"items\":[]}", stampBeforeTheQuery);

        assertNull(cache.peekPage("kind=component"));
        cache.keepPage("kind=component", "{\"items\":[]}", cache.stamp());
        assertEquals("{\"items\":[]}", cache.peekPage("kind=component"));
    }

    @Test
    void keepsPagesUpToTheirCharacterBudget() {
        CatalogReadCache cache = new CatalogReadCache(100, 100);
        cache.following();

        cache.keepPage("too-big", "x".repeat(101), cache.stamp());
        cache.keepPage("fits", "x".repeat(50), cache.stamp());

        assertNull(cache.peekPage("too-big"));
        assertEquals(50, cache.peekPage("fits").length());
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        CatalogReadCache cache = new CatalogReadCache(0, 0);
        cache.following();

        cache.keep(KEY, CHECKOUT, cache.stamp());
        cache.keepPage("kind=component", "{\"items\":[]}", cache.stamp());

        assertNull(cache.peek(KEY));
        assertNull(cache.peekPage("kind=component"));
    }
}
