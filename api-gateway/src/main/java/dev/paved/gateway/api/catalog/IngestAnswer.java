package dev.paved.gateway.api.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.UpsertResult;

/** What an ingest did: one result per document, in body order, and what re-registering a location removed. */
@Schema(name = "CatalogIngestResult")
public record IngestAnswer(List<Result> results, List<String> removedRefs, boolean dryRun) {

    /** One document's outcome; {@code uid} and {@code etag} are null for what a dry run would create. */
    @Schema(name = "CatalogIngestDocumentResult")
    public record Result(int index, String ref,
            @Schema(enumeration = { "CREATED", "UPDATED", "UNCHANGED" }) String action, String uid, String etag,
            long revision) {
    }

    static IngestAnswer of(UpsertResponse response) {
        return new IngestAnswer(response.getResultsList().stream().map(IngestAnswer::result).toList(),
                response.getRemovedRefsList(), response.getDryRun());
    }

    private static Result result(UpsertResult result) {
        return new Result(result.getIndex(), result.getRef(), result.getAction().name().replace("CHANGE_ACTION_", ""),
                result.getUid().isEmpty() ? null : result.getUid(), result.getEtag().isEmpty() ? null : result.getEtag(),
                result.getRevision());
    }
}
