package dev.paved.catalog.persistence;

import java.util.UUID;

/** What a write needs to know about an entity already in the catalog. */
public record StoredState(UUID id, String refKey, String kind, String namespace, String name, String descriptor,
        String etag, String ownerRef, String location) {
}
