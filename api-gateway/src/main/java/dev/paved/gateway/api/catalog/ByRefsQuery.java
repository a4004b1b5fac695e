package dev.paved.gateway.api.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch read, as Backstage's by-refs takes it: the refs in the order wanted, and optional fields to keep. */
@Schema(name = "CatalogByRefsRequest", additionalProperties = Schema.False.class)
public record ByRefsQuery(
        @Schema(required = true, description = "Entity refs kind:namespace/name; at most 1000.") List<String> entityRefs,
        @Schema(description = "Field paths to keep, e.g. metadata.name.") List<String> fields) {
}
