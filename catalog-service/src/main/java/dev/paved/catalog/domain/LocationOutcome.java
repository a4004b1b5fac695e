package dev.paved.catalog.domain;

import java.util.List;

/** What writing a location's entities did: each entity taken, each refused, and those removed. */
public record LocationOutcome(List<Produced> produced, List<Rejected> rejected, List<String> removedRefs) {

    /** An entity taken, and the descriptor stored for it (with its location annotations). */
    public record Produced(WriteResult result, String descriptorJson) {
    }

    /** An entity refused, with a location error's code. */
    public record Rejected(String ref, String location, String code, String message) {
    }
}
