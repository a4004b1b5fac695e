package dev.paved.local.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * What the simulator knows of one kind of object, fed by its informer and by the answers to its own
 * writes, so that it sees what it just wrote before the watch event arrives. A state only replaces a
 * newer one of the same object when its resourceVersion is higher (the in-process API counts them up),
 * and a deleted object is not brought back by an event that was on its way. Changed on the control
 * loop only; read from any thread.
 */
final class ObjectCache<T extends HasMetadata> {

    private static final int REMEMBERED_DELETIONS = 10_000;

    private final Map<String, T> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> keyByUid = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> keysByOwnerUid = new HashMap<>();
    private final Map<String, Boolean> deletedUids = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_DELETIONS;
        }
    };

    static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    static String key(HasMetadata object) {
        return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** @return whether this state is news */
    boolean observe(T object) {
        String uid = object.getMetadata().getUid();
        if (uid != null && deletedUids.containsKey(uid)) {
            return false;
        }
        String key = key(object);
        T known = byKey.get(key);
        if (known != null && known.getMetadata().getUid() != null && known.getMetadata().getUid().equals(uid)
                && !newer(object, known)) {
            return false;
        }
        if (known != null) {
            unindex(key, known);
        }
        byKey.put(key, object);
        index(key, object);
        return true;
    }

    /** @return whether the object was known */
    boolean forget(T object) {
        String uid = object.getMetadata().getUid();
        if (uid != null) {
            deletedUids.put(uid, Boolean.TRUE);
        }
        String key = key(object);
        T known = byKey.get(key);
        if (known == null || (uid != null && !uid.equals(known.getMetadata().getUid()))) {
            return false;
        }
        byKey.remove(key);
        unindex(key, known);
        return true;
    }

    private static boolean newer(HasMetadata candidate, HasMetadata known) {
        try {
            return Long.parseLong(candidate.getMetadata().getResourceVersion())
                    > Long.parseLong(known.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException notCounted) {
            return true;
        }
    }

    private void index(String key, T object) {
        if (object.getMetadata().getUid() != null) {
            keyByUid.put(object.getMetadata().getUid(), key);
        }
        for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
            keysByOwnerUid.computeIfAbsent(owner.getUid(), uid -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    private void unindex(String key, T object) {
        if (object.getMetadata().getUid() != null) {
            keyByUid.remove(object.getMetadata().getUid(), key);
        }
        for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
            Set<String> keys = keysByOwnerUid.get(owner.getUid());
            if (keys != null) {
                keys.remove(key);
                if (keys.isEmpty()) {
                    keysByOwnerUid.remove(owner.getUid());
                }
            }
        }
    }

    Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(byKey.get(key(namespace, name)));
    }

    Optional<T> byUid(String uid) {
        String key = uid == null ? null : keyByUid.get(uid);
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    /** The objects with an owner reference to {@code ownerUid}. On the loop only. */
    List<T> ownedBy(String ownerUid) {
        List<T> owned = new ArrayList<>();
        for (String key : keysByOwnerUid.getOrDefault(ownerUid, Set.of())) {
            T object = byKey.get(key);
            if (object != null) {
                owned.add(object);
            }
        }
        return owned;
    }

    Collection<T> all() {
        return byKey.values();
    }

    List<T> inNamespace(String namespace) {
        return byKey.values().stream().filter(object -> namespace.equals(object.getMetadata().getNamespace()))
                .toList();
    }
}
