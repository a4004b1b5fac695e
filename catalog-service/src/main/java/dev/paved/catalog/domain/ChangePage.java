package dev.paved.catalog.domain;

import java.util.List;

import dev.paved.catalog.persistence.ChangeRow;

/** Changes after a revision, and the revision to continue from. */
public record ChangePage(List<ChangeRow> changes, long lastRevision) {
}
