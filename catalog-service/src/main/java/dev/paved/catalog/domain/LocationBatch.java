package dev.paved.catalog.domain;

import java.util.List;
import java.util.Set;

/**
 * What one read of a Git location found, for {@link CatalogWriter#syncLocation}: the entities, each
 * with the file location it came from, and what to leave alone.
 *
 * @param origin the location's own reference ({@code url:<target>}), every entity's origin location
 * @param files the file locations whose entities the location manages: those read now and before
 * @param keptRefKeys entities that a file still describes but that could not be taken this time; they
 *        stay as they are
 * @param keptFiles files that could not be read this time; their entities stay as they are
 */
public record LocationBatch(String origin, Set<String> files, List<Sourced> entities, Set<String> keptRefKeys,
        Set<String> keptFiles) {

    /** An entity and the file location ({@code url:…}) it was read from. */
    public record Sourced(ValidatedEntity entity, String location) {
    }
}
