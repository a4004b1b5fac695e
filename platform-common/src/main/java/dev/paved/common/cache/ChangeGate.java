package dev.paved.common.cache;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Guards caches that are kept in step with a change feed: answers may be kept only while every
 * change reaches the cache (following), and an answer read before an eviction never outlives it.
 * A reader takes a {@link #stamp()} before it reads from the source and hands it to {@link #keep};
 * keeping and evicting are serialized, so no eviction slips between the check and the put.
 */
public final class ChangeGate {

    /** The stamp of a read taken while not following: such a read is never kept. */
    private static final long NOT_FOLLOWING = -1;

    private long evictions;
    private volatile boolean following;

    public boolean isFollowing() {
        return following;
    }

    public synchronized long stamp() {
        return following ? evictions : NOT_FOLLOWING;
    }

    /** Runs {@code put} only if nothing was evicted since {@code stamp} was taken, while following. */
    public synchronized void keep(long stamp, Runnable put) {
        if (stamp != NOT_FOLLOWING && following && evictions == stamp) {
            put.run();
        }
    }

    /** Runs {@code eviction} and turns away every read that began before it. */
    public synchronized void evict(Runnable eviction) {
        evictions++;
        eviction.run();
    }

    /** Every change from now on will be evicted as it arrives: after {@code clear}, reads may be kept. */
    public synchronized void following(Runnable clear) {
        evict(clear);
        following = true;
    }

    /** Changes may be missed from now on: nothing is kept or answered until following again. */
    public synchronized void notFollowing(Runnable clear) {
        following = false;
        evict(clear);
    }

    /** Reads through {@code loader} and keeps the answer with {@code put} unless an eviction overlapped. */
    public <V> V load(Supplier<V> loader, Consumer<V> put) {
        long stamp = stamp();
        V loaded = loader.get();
        keep(stamp, () -> put.accept(loaded));
        return loaded;
    }
}
