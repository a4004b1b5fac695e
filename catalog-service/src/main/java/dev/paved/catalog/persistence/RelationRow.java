package dev.paved.catalog.persistence;

import java.util.UUID;

import dev.paved.catalog.domain.RelationType;

/**
 * One direction of a relation, seen from its source, recorded for the entity (origin) whose spec
 * declared it. Only the declared direction is stored; the store reads the other one from it.
 */
public record RelationRow(UUID originId, String sourceKey, String sourceRef, String type, String targetKey,
        String targetRef) {

    /** The same relation seen from its target, with the inverse type. */
    public RelationRow inverse() {
        String inverseType = RelationType.named(type).map(RelationType::inverse).map(RelationType::typeName)
                .orElseThrow(() -> new IllegalStateException("unknown relation type " + type));
        return new RelationRow(originId, targetKey, targetRef, inverseType, sourceKey, sourceRef);
    }
}
