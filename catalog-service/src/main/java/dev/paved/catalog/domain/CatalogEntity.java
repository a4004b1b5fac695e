package dev.paved.catalog.domain;

import java.util.UUID;

/** An entity as the catalog serves it: its identity, etag, latest revision and JSON. */
public record CatalogEntity(String kind, String namespace, String name, UUID uid, String etag, long revision,
        String json) {

    public EntityRef ref() {
        return new EntityRef(kind, namespace, name);
    }

    public CatalogEntity withJson(String projected) {
        return new CatalogEntity(kind, namespace, name, uid, etag, revision, projected);
    }
}
