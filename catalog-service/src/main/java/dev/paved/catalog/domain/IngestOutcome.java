package dev.paved.catalog.domain;

import java.util.List;

/** The outcome of an ingest: one result per document, and the refs a location re-registration removed. */
public record IngestOutcome(List<WriteResult> results, List<String> removedRefs, boolean dryRun) {
}
