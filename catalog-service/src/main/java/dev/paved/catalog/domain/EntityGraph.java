package dev.paved.catalog.domain;

import java.util.List;

/** The entities and relations around a root entity, walked breadth-first. */
public record EntityGraph(String rootRef, List<CatalogEntity> entities, List<Edge> edges, boolean truncated) {

    public record Edge(String sourceRef, String type, String targetRef) {
    }
}
