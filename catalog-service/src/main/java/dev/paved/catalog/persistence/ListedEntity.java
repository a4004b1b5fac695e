package dev.paved.catalog.persistence;

import dev.paved.catalog.domain.CatalogEntity;

/** An entity of a list and the keys the next page continues after. */
public record ListedEntity(CatalogEntity entity, String refKey, String sortValue) {
}
