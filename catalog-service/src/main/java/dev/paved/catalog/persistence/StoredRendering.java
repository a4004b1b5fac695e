package dev.paved.catalog.persistence;

import java.util.UUID;

/** An entity's stored descriptor and the rendering made from it: enough to add relations to the rendering. */
public record StoredRendering(UUID id, String refKey, String descriptor, String body) {
}
