package dev.paved.catalog.persistence;

import java.util.UUID;

import dev.paved.catalog.domain.EntityRef;
import dev.paved.catalog.domain.IndexedFields;
import dev.paved.catalog.domain.RenderedEntity;

/** An entity to insert or replace: its row, indexed, and its rendering. */
public record EntityWrite(UUID id, EntityRef ref, String descriptor, IndexedFields indexed, RenderedEntity rendered,
        String ownerRef, String location) {
}
