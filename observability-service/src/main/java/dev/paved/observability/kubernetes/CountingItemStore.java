package dev.paved.observability.kubernetes;

import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that counts its changes, in the same thread and right after each: a count that
 * has not moved means a snapshot taken before is still what the store holds. (An informer's last
 * resourceVersion cannot tell: an API server may send a deletion with the object's old version, as
 * fabric8's mock server, the in-process API of a local run, does.)
 */
final class CountingItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    private final AtomicLong changes;

    CountingItemStore(AtomicLong changes) {
        super(Cache::metaNamespaceKeyFunc);
        this.changes = changes;
    }

    @Override
    public T put(String key, T object) {
        T previous = super.put(key, object);
        changes.incrementAndGet();
        return previous;
    }

    @Override
    public T remove(String key) {
        T removed = super.remove(key);
        changes.incrementAndGet();
        return removed;
    }
}
