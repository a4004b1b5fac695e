package dev.paved.catalog.domain;

/** One relation of an entity as Backstage returns it: {@code {type, targetRef}}. */
public record Relation(String type, String targetRef) {
}
