package dev.paved.catalog.domain;

import java.util.Locale;

/** One relation of an entity as Backstage returns it: {@code {type, targetRef}}. */
public record Relation(String type, String targetRef) {

    /**
     * What a rendering orders relations by and tells them apart by: the type, then the target compared
     * case-insensitively, as references are.
     */
    public String sortKey() {
        return type + " " + targetRef.toLowerCase(Locale.ROOT);
    }
}
