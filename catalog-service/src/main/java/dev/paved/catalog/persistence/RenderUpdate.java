package dev.paved.catalog.persistence;

import java.util.UUID;

import dev.paved.catalog.domain.RenderedEntity;

/** A new rendering of an entity whose relations changed while its descriptor did not. */
public record RenderUpdate(UUID id, RenderedEntity rendered) {
}
