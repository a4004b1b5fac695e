package dev.paved.catalog.persistence;

import java.util.UUID;

import dev.paved.catalog.domain.RenderedEntity;

/** A rendering of an entity to store, by the entity's id. */
public record RenderUpdate(UUID id, RenderedEntity rendered) {
}
