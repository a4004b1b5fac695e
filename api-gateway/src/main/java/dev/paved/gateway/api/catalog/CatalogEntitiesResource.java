package dev.paved.gateway.api.catalog;

import static dev.paved.common.paging.PageRequest.limitParameter;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.domain.CatalogOrder;
import io.smallrye.mutiny.Uni;

/**
 * The catalog's entities over REST: each call goes to catalog-service over gRPC on behalf of the
 * caller, who is authorized there ({@link CatalogReads}, which also answers reads by ref and queries
 * from the gateway's cache). Entities pass through as the JSON the catalog rendered.
 */
@Path("/api/v1/catalog/entities")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Catalog", description = "The software catalog: Backstage-format entities, their relations and changes.")
public class CatalogEntitiesResource {

    static final String YAML = "application/yaml";

    private final CatalogReads reads;

    public CatalogEntitiesResource(CatalogReads reads) {
        this.reads = reads;
    }

    private CatalogService catalog() {
        return reads.catalog();
    }

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", "text/x-yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingestCatalogEntities", summary = "Create or update entities",
            description = "Takes one entity or many: JSON (an object or an array) or YAML (documents separated by ---), "
                    + "in the Backstage descriptor format, and upserts each by kind, namespace and name. All or "
                    + "nothing: if any document is invalid or not the caller's to change, nothing is written and the "
                    + "problem names every rejected document by a JSON pointer /<document index>/<field>. With "
                    + "location, re-registering the same location replaces its set: entities it no longer lists are "
                    + "deleted. A YAML line may have at most 262,144 characters: a longer one is a 400 "
                    + "YAML_LINE_TOO_LONG pointing at its document.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    description = "One entity, or an array of entities.")),
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING,
                    description = "One or more YAML documents, each an entity.")) })
    @APIResponse(responseCode = "200", description = "What happened to each document.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestAnswer.class)))
    @APIResponse(responseCode = "409", description = "With location: an entity is registered by another location.")
    public Uni<IngestAnswer> ingest(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "Validate and report only; nothing is written.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("dryRun") String dryRunText,
            @Parameter(description = "The registration source, e.g. url:https://git.example.com/x/catalog-info.yaml.")
            @QueryParam("location") String location) {
        boolean dryRun = QueryParameters.flag(dryRunText, "dryRun");
        UpsertRequest.Builder request = UpsertRequest.newBuilder().setBody(body == null ? "" : body)
                .setFormat(formatOf(contentType)).setDryRun(dryRun);
        if (location != null) {
            request.setLocation(location);
        }
        return reads.evictingAfter(catalog().upsert(request.build()), dryRun).map(IngestAnswer::of);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCatalogEntities", summary = "Query entities",
            description = "Backstage's filter syntax: conditions of one filter (comma-separated key=value, or key alone "
                    + "for existence) must all hold; repeated filters match either. Keys are dotted paths "
                    + "(spec.lifecycle), metadata.tags.<tag> for membership, relations.<type> for relations; values "
                    + "compare case-insensitively. The cursor stays valid while the catalog changes.")
    @APIResponse(responseCode = "200", description = "A page of entities: {items, nextCursor}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.Page.class)))
    public Uni<Response> list(
            @Parameter(description = "e.g. kind=component,spec.lifecycle=production; repeat to OR.")
            @QueryParam("filter") List<String> filter,
            @Parameter(description = "Field paths to keep, comma-separated or repeated.") @QueryParam("fields") List<String> fields,
            @Parameter(description = "Full text over name, title, description and tags (word prefixes).") @QueryParam("q") String q,
            @Parameter(description = "field, field,asc or field,desc; by entity ref when absent. Given once: the "
                    + "catalog orders by one field (ties by entity ref).", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("order") List<String> order,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page.") @QueryParam("cursor") String cursor) {
        ListEntitiesRequest.Builder request = ListEntitiesRequest.newBuilder().addAllFilter(filter)
                .addAllFields(fields).setPage(PageRequest.newBuilder().setLimit(limitParameter(limit))
                        .setCursor(cursor == null ? "" : cursor));
        if (q != null) {
            request.setQ(q);
        }
        String ordered = CatalogOrder.single(order);
        if (ordered != null) {
            request.setOrder(ordered);
        }
        ListEntitiesRequest query = request.build();
        // The request message identifies the answer: the same parameters give the same page.
        return reads.answer(query.toByteString(), () -> catalog().listEntities(query)
                .map(page -> CatalogJson.page(page.getItemsList(), page.getPage().getNextCursor())))
                .map(CatalogEntitiesResource::json);
    }

    @POST
    @Path("/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogEntitiesByRefs", summary = "Read entities by ref",
            description = "One item per requested ref, in the order asked; null where the catalog has no such entity.")
    @APIResponse(responseCode = "200", description = "{items: [entity or null]}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.ByRefs.class)))
    public Uni<Response> byRefs(ByRefsQuery query) {
        return reads.byRefs(query == null ? null : query.entityRefs(), query == null ? null : query.fields(), List.of())
                .map(CatalogEntitiesResource::json);
    }

    @GET
    @Path("/{kind}/{namespace}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogEntity", summary = "Read one entity",
            description = "Kind, namespace and name compare case-insensitively. The ETag header carries the etag.")
    @APIResponse(responseCode = "200", description = "The entity.",
            headers = @Header(name = HttpHeaders.ETAG, description = "The entity's etag, for If-Match.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.Entity.class)))
    public Uni<Response> get(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return reads.entity(kind, namespace, name).map(entity -> entity(entity.json(), entity.etag()));
    }

    @PUT
    @Path("/{kind}/{namespace}/{name}")
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", "text/x-yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceCatalogEntity", summary = "Replace one entity",
            description = "Creates or replaces the entity the path names; the body must describe that entity. With "
                    + "If-Match, the write happens only while the entity still has that etag (412 otherwise). A dry "
                    + "run answers the descriptor as it would be stored. A YAML line may have at most 262,144 "
                    + "characters (400 YAML_LINE_TOO_LONG).")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "200", description = "The entity as stored.",
            headers = @Header(name = HttpHeaders.ETAG, description = "The entity's new etag.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.Entity.class)))
    @APIResponse(responseCode = "412", description = "The entity changed since the caller read it.")
    public Uni<Response> replace(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name, String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "The etag the caller read.") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Parameter(description = "Validate only; nothing is written.", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRunText) {
        boolean dryRun = QueryParameters.flag(dryRunText, "dryRun");
        ReplaceEntityRequest.Builder request = ReplaceEntityRequest.newBuilder().setKind(kind).setNamespace(namespace)
                .setName(name).setBody(body == null ? "" : body).setFormat(formatOf(contentType)).setDryRun(dryRun);
        String etag = CatalogJson.ifMatch(ifMatch);
        if (etag != null) {
            request.setIfMatch(etag);
        }
        return reads.evictingAfter(catalog().replaceEntity(request.build()), dryRun)
                .map(entity -> entity(entity.getJson(), entity.getEtag()));
    }

    @DELETE
    @Path("/{kind}/{namespace}/{name}")
    @Operation(operationId = "deleteCatalogEntity", summary = "Delete one entity",
            description = "Deletes the entity and the relations it declared; entities that pointed at it report an "
                    + "unresolved reference from then on.")
    @APIResponse(responseCode = "204", description = "Deleted (or, on a dry run, deletable).")
    @APIResponse(responseCode = "412", description = "The entity changed since the caller read it.")
    public Uni<Response> delete(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @Parameter(description = "The etag the caller read.") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Parameter(description = "Check only; nothing is deleted.", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRunText) {
        boolean dryRun = QueryParameters.flag(dryRunText, "dryRun");
        DeleteEntityRequest.Builder request = DeleteEntityRequest.newBuilder().setKind(kind).setNamespace(namespace)
                .setName(name).setDryRun(dryRun);
        String etag = CatalogJson.ifMatch(ifMatch);
        if (etag != null) {
            request.setIfMatch(etag);
        }
        return reads.evictingAfter(catalog().deleteEntity(request.build()), dryRun)
                .map(deleted -> Response.noContent().build());
    }

    @GET
    @Path("/{kind}/{namespace}/{name}/graph")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogEntityGraph", summary = "The graph around an entity",
            description = "The entities and relations reached from the entity within depth steps.")
    @APIResponse(responseCode = "200", description = "{rootRef, entities, edges [{sourceRef, type, targetRef}], truncated}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.Graph.class)))
    public Uni<Response> graph(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @Parameter(description = "1 to 5, default 1.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("depth") String depth,
            @Parameter(description = "Relation types to follow (ownedBy, partOf, …); all when absent.")
            @QueryParam("relation") List<String> relations) {
        Integer levels = integer("depth", depth, "INVALID_DEPTH");
        if (levels != null && levels < 1) {
            throw ProblemException.badRequest("INVALID_DEPTH", "depth must be at least 1.",
                    Violation.parameter("depth", "must be at least 1, was " + depth));
        }
        GraphRequest request = GraphRequest.newBuilder().setKind(kind).setNamespace(namespace).setName(name)
                .setDepth(levels == null ? 0 : levels).addAllRelationTypes(relations).build();
        return catalog().graph(request).map(graph -> json(CatalogJson.graph(graph)));
    }

    static DocumentFormat formatOf(String contentType) {
        if (contentType == null) {
            return DocumentFormat.DOCUMENT_FORMAT_UNSPECIFIED;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.contains("yaml") ? DocumentFormat.DOCUMENT_FORMAT_YAML
                : type.contains("json") ? DocumentFormat.DOCUMENT_FORMAT_JSON : DocumentFormat.DOCUMENT_FORMAT_UNSPECIFIED;
    }

    /** A whole-number query parameter; a value that is no int gets a 400 naming the parameter. */
    static Integer integer(String parameter, String value, String code) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException notANumber) {
            throw ProblemException.badRequest(code, parameter + " must be a whole number.",
                    Violation.parameter(parameter, "must be a whole number, was " + value));
        }
    }

    private static Response entity(String json, String etag) {
        Response.ResponseBuilder response = Response.ok(json, MediaType.APPLICATION_JSON_TYPE);
        if (!etag.isEmpty()) {
            response.header(HttpHeaders.ETAG, CatalogJson.etagHeader(etag));
        }
        return response.build();
    }

    static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
