package dev.paved.catalog.persistence;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

import dev.paved.catalog.domain.CatalogEntity;

/** One entry of the change feed; {@code entity} is null for a deletion and when read without entities. */
public record ChangeRow(long revision, String ref, UUID uid, OffsetDateTime changedAt, boolean isDeletion,
        CatalogEntity entity) {

    /** The ref in the form the catalog compares: {@code ref} is kind and namespace in lower case already. */
    public String refKey() {
        return ref.toLowerCase(Locale.ROOT);
    }
}
