package dev.paved.gateway.api.backstage;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.web.RequestIds;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.catalog.CatalogFeedResource;
import dev.paved.gateway.api.catalog.CatalogReads;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

/**
 * Backstage's catalog calls beside the entities and locations: facets, refresh and validation.
 */
@Path(BackstageErrors.PATH)
@Tag(name = BackstageCatalogResource.TAG, description = "Backstage's catalog REST API, as "
        + "@backstage/catalog-client calls it: point a Backstage app's catalog at this path. Errors take "
        + "Backstage's shape (BackstageError), not problem+json.")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_TIMEOUT)
public class BackstageCatalogResource {

    static final String TAG = "Backstage catalog";
    static final String VALIDATE_ENTITY = "/validate-entity";

    private final CatalogReads reads;
    private final BackstageLocations locations;
    private final ObjectMapper json;

    public BackstageCatalogResource(CatalogReads reads, BackstageLocations locations, ObjectMapper json) {
        this.reads = reads;
        this.locations = locations;
        this.json = json;
    }

    @GET
    @Path("/entity-facets")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntityFacets", summary = "Value counts (Backstage: getEntityFacets)",
            description = "For each facet, the values the matching entities have and how many have each.")
    @APIResponse(responseCode = "200", description = "{facets: {<facet>: [{value, count}]}}, Paved's own shape.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogFeedResource.Facets.class)))
    public Uni<CatalogFeedResource.Facets> facets(
            @Parameter(description = "Field paths to count, e.g. spec.type; at least one.") @QueryParam("facet") List<String> facet,
            @Parameter(description = "Backstage's filter; repeat to OR.") @QueryParam("filter") List<String> filter) {
        return reads.facets(FacetsRequest.newBuilder().addAllFacet(facet).addAllFilter(filter).build());
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshBackstageEntity", summary = "Refresh one entity (Backstage: refreshEntity)",
            description = "An entity a Git location produced: that location is synced now (its owner team's members "
                    + "and platform admins may). Any other entity is stored as its team wrote it, with relations "
                    + "computed on every write, so it is never waiting for processing: the refresh confirms that it "
                    + "exists.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.RefreshRequest.class)))
    @APIResponse(responseCode = "200", description = "The entity is current.")
    @APIResponse(responseCode = "404", ref = ProblemDocumentation.BACKSTAGE_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "Another sync of the entity's location is under way.")
    public Uni<Response> refresh(BackstageShapes.RefreshRequest body) {
        if (body == null || body.entityRef() == null || body.entityRef().isBlank()) {
            throw ProblemException.badRequest("ENTITY_REF_REQUIRED", "Name the entity to refresh.",
                    Violation.at("/entityRef", "is required"));
        }
        return UpstreamViolations.renamingPointers(reads.catalog().getEntitiesByRefs(GetEntitiesByRefsRequest
                .newBuilder().addRefs(body.entityRef()).addFields("metadata.annotations").build()),
                Map.of("/entityRefs/0", "/entityRef")).chain(found -> {
                    if (!found.getItems(0).hasEntity()) {
                        throw ProblemException.notFound("ENTITY_NOT_FOUND", "No entity " + body.entityRef()
                                + " is in the catalog.");
                    }
                    return locations.of(found.getItems(0).getEntity().getJson());
                }).chain(location -> location.isEmpty() ? Uni.createFrom().item(Response.ok().build())
                        : reads.evictingAfter(locations.locations().refreshLocation(RefreshLocationRequest.newBuilder()
                                .setId(location.get().getId()).build()), false).map(synced -> Response.ok().build()));
    }

    @POST
    @Path(VALIDATE_ENTITY)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "validateBackstageEntity", summary = "Validate an entity (Backstage: validateEntity)",
            description = "Whether the catalog would accept the entity as it is written, by the rules of Paved's "
                    + "dry-run ingest; who may write it is not part of the answer. Nothing is written.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.ValidateEntityRequest.class)))
    @APIResponse(responseCode = "200", description = "The entity is valid.")
    @APIResponse(responseCode = "400", description = "The entity is not valid: {errors: [{name, message}]}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.ValidationErrors.class)))
    public Uni<Response> validate(BackstageShapes.ValidateEntityRequest body) throws JsonProcessingException {
        if (body == null || body.entity() == null) {
            return Uni.createFrom().item(invalid("/entity: is required"));
        }
        String locationRefusal = locationRefusal(body.location());
        if (locationRefusal != null) {
            return Uni.createFrom().item(invalid(locationRefusal));
        }
        UpsertRequest request = UpsertRequest.newBuilder().setBody(json.writeValueAsString(body.entity()))
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).setDryRun(true).build();
        return reads.catalog().upsert(request).map(dryRun -> Response.ok().build())
                .onFailure(StatusRuntimeException.class).recoverWithItem(failure -> {
                    StatusRuntimeException status = (StatusRuntimeException) failure;
                    Problem problem = GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(),
                            RequestIds.current());
                    // The catalog checks who may write an entity only once it is valid.
                    if (problem.status() == 403) {
                        return Response.ok().build();
                    }
                    if (problem.status() != 400 && problem.status() != 422) {
                        throw status;
                    }
                    // The catalog's pointers lead into the one document it was sent.
                    return invalid(invalidEntity(problem, "/0"));
                });
    }

    /**
     * Why the entity is not valid, as validateEntity answers it: each violation where it is in the
     * entity (its pointer without {@code entityAt}, the entity's own pointer), or else the detail.
     */
    static BackstageShapes.ValidationErrors invalidEntity(Problem problem, String entityAt) {
        return new BackstageShapes.ValidationErrors(problem.errors() == null || problem.errors().isEmpty()
                ? List.of(new BackstageShapes.ValidationError("InputError", problem.detail()))
                : problem.errors().stream().map(violation -> validationError(violation, entityAt)).toList());
    }

    private static BackstageShapes.ValidationError validationError(Violation violation, String entityAt) {
        String where = violation.pointer() != null
                ? violation.pointer().replaceFirst("^" + Pattern.quote(entityAt) + "(?=/|$)", "")
                : violation.parameter();
        return new BackstageShapes.ValidationError("InputError",
                (where == null || where.isEmpty() ? "" : where + ": ") + violation.message());
    }

    /** Backstage's backend refuses a validation without a location ref, or with one that is not {@code url:<target>}. */
    private static String locationRefusal(String location) {
        if (location == null) {
            return "/location: is required";
        }
        int colon = location.indexOf(':');
        if (colon <= 0 || colon == location.length() - 1) {
            return "Unable to parse location ref '" + location + "', expected '<type>:<target>', e.g. "
                    + "'url:https://host/path'";
        }
        if (!location.substring(0, colon).equals("url")) {
            return "Invalid location ref " + location + ", only 'url:<target>' is supported, e.g. "
                    + "url:https://host/path";
        }
        return null;
    }

    private static Response invalid(String message) {
        return invalid(new BackstageShapes.ValidationErrors(List.of(
                new BackstageShapes.ValidationError("InputError", message))));
    }

    private static Response invalid(BackstageShapes.ValidationErrors errors) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(errors).build();
    }
}
