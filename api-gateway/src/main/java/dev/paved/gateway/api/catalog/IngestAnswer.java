package dev.paved.gateway.api.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.UpsertResult;

/** What an ingest did: one result per document, in body order, and what re-registering a location removed. */
@Schema(name = "CatalogIngestResult")
public record IngestAnswer(@Schema(required = true) List<Result> results,
        @Schema(required = true) List<String> removedRefs, @Schema(required = true) boolean dryRun) {

    /** One document's outcome; {@code uid} and {@code etag} are absent for what a dry run would create. */
    @Schema(name = "CatalogIngestDocumentResult")
    public record Result(@Schema(required = true) int index, @Schema(required = true) String ref,
            @Schema(required = true, enumeration = { "CREATED", "UPDATED", "UNCHANGED" }) String action,
            @Schema(description = "Absent for what a dry run would create.") String uid,
            @Schema(description = "Absent for what a dry run would create.") String etag,
            @Schema(required = true) long revision) {
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
