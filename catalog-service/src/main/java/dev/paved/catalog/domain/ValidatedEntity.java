package dev.paved.catalog.domain;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A descriptor that passed validation: its reference, the descriptor as stored (namespace filled in,
 * computed fields dropped) and its compact JSON, the relations its spec declares, and its owner.
 */
public record ValidatedEntity(int index, EntityKind kind, EntityRef ref, ObjectNode descriptor, String descriptorJson,
        List<DeclaredRelation> relations, EntityRef owner) {
}
