package dev.paved.catalog.domain;

/** A relation an entity's spec declares, from the entity to a target that may not exist yet. */
public record DeclaredRelation(RelationType type, EntityRef target) {
}
