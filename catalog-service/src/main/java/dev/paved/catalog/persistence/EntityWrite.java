package dev.paved.catalog.persistence;

import java.util.UUID;

import dev.paved.catalog.domain.EntityRef;
import dev.paved.catalog.domain.RenderedEntity;

/** An entity to insert or replace, rendered. */
public record EntityWrite(UUID id, EntityRef ref, String descriptor, RenderedEntity rendered, String ownerRef,
        String location) {
}
