package dev.paved.catalog.persistence;

import java.util.UUID;

/** One direction of a relation, recorded for the entity (origin) whose spec declared it. */
public record RelationRow(UUID originId, String sourceKey, String type, String targetKey, String targetRef) {
}
