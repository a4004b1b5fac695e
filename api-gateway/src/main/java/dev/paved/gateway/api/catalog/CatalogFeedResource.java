package dev.paved.gateway.api.catalog;

import static dev.paved.common.paging.PageRequest.limitParameter;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/** Facet counts and the change feed of the catalog, answered by catalog-service on behalf of the caller. */
@Path("/api/v1/catalog")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Catalog")
public class CatalogFeedResource {

    private final CatalogReads reads;

    public CatalogFeedResource(CatalogReads reads) {
        this.reads = reads;
    }

    /** Backstage's facets answer: {@code {"facets": {"spec.type": [{"value": "service", "count": 8}]}}}. */
    @Schema(name = "CatalogFacets")
    public record Facets(@Schema(required = true) Map<String, List<FacetCount>> facets) {
    }

    @Schema(name = "CatalogFacetCount")
    public record FacetCount(@Schema(required = true) String value, @Schema(required = true) long count) {
    }

    @GET
    @Path("/facets")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogFacets", summary = "Count field values",
            description = "For each facet field, how many entities matching the filters have each value, most "
                    + "frequent first.")
    @APIResponse(responseCode = "200", description = "The counts.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Facets.class)))
    public Uni<Facets> facets(
            @Parameter(description = "Field paths to count, e.g. spec.type; repeatable.") @QueryParam("facet") List<String> facet,
            @Parameter(description = "As for the entity list.") @QueryParam("filter") List<String> filter,
            @Parameter(description = "Full text, as for the entity list.") @QueryParam("q") String q) {
        FacetsRequest.Builder request = FacetsRequest.newBuilder().addAllFacet(facet).addAllFilter(filter);
        if (q != null) {
            request.setQ(q);
        }
        return reads.facets(request.build());
    }

    @GET
    @Path("/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogChanges", summary = "The change feed",
            description = "The changes after a revision, oldest first: {items: [{revision, type (UPSERTED or "
                    + "DELETED), ref, uid, changedAt, entity}], lastRevision}. Ask again with since=lastRevision. The "
                    + "feed keeps each entity's latest change, so a client that resumes gets every entity's current "
                    + "state. gRPC's Watch streams the same feed as it grows.")
    @APIResponse(responseCode = "200", description = "A page of changes.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.ChangePage.class)))
    public Uni<Response> changes(
            @Parameter(description = "The last revision seen; 0 from the beginning.",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64")) @QueryParam("since") String since,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit) {
        long from = revisionOf(since);
        return reads.catalog().changes(ChangesRequest.newBuilder().setSince(from)
                .setLimit(limitParameter(limit)).build())
                .map(response -> CatalogEntitiesResource.json(CatalogJson.changes(response)));
    }

    private static long revisionOf(String since) {
        if (since == null || since.isEmpty()) {
            return 0;
        }
        try {
            long revision = Long.parseLong(since.trim());
            if (revision >= 0) {
                return revision;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below, like a negative revision.
        }
        throw ProblemException.badRequest("INVALID_REVISION", "since must be a revision (0 or more).",
                Violation.parameter("since", "must be 0 or a revision, was " + since));
    }
}
