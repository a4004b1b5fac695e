package dev.paved.catalog.domain;

/** The JSON the catalog serves for one entity, and its etag. */
public record RenderedEntity(String body, String etag) {
}
