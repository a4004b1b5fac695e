package dev.paved.catalog.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import dev.paved.catalog.domain.CatalogEntity;

/** One entry of the change feed; {@code entity} is null for a deletion. */
public record ChangeRow(long revision, String ref, UUID uid, OffsetDateTime changedAt, CatalogEntity entity) {

    public boolean isDeletion() {
        return entity == null;
    }
}
