package dev.paved.catalog.domain;

import java.util.List;

import dev.paved.catalog.persistence.ChangeRow;

/** Changes after a revision, the revision to continue from, and the latest committed one. */
public record ChangePage(List<ChangeRow> changes, long lastRevision, long latestRevision) {
}
