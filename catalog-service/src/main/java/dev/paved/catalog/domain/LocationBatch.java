package dev.paved.catalog.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one read of a Git location found, for {@link CatalogWriter#syncLocation}: the entities, each
 * with the file location it came from, and what to leave alone.
 *
 * @param origin the location's own reference ({@code url:<target>}), every entity's origin location
 * @param previousOrigin when the location's target changed with this read, its reference before, which its
 *        entities carry until they are synced; otherwise null
 * @param files the file locations whose entities the location manages: those read now and before
 * @param keptRefs entities (by ref key) that a file still describes but that could not be taken this
 *        time, with the reason; they stay as they were, with the reason in their status
 * @param keptFiles files that could not be read this time, with the reason; their entities stay as they
 *        were, with the reason in their status
 */
public record LocationBatch(String origin, String previousOrigin, Set<String> files, List<Sourced> entities,
        Map<String, String> keptRefs, Map<String, String> keptFiles) {

    /** Whether an entity of the given origin location is the location's own. */
    public boolean manages(String entityOrigin) {
        return origin.equals(entityOrigin) || previousOrigin != null && previousOrigin.equals(entityOrigin);
    }

    /** An entity and the file location ({@code url:…}) it was read from. */
    public record Sourced(ValidatedEntity entity, String location) {
    }
}
