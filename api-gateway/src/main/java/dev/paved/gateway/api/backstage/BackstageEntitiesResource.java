package dev.paved.gateway.api.backstage;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.ByteString;

import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.catalog.CatalogReads;
import dev.paved.gateway.api.catalog.CatalogShapes;
import dev.paved.gateway.domain.BackstageCursor;
import dev.paved.gateway.domain.BackstageQueries;
import io.smallrye.mutiny.Uni;

/**
 * Backstage's catalog entities API ({@code @backstage/catalog-client}'s paths and shapes) over
 * Paved's catalog: queries translate onto the catalog's own filters, projections, order and
 * cursors, and every call goes to catalog-service on behalf of the caller, with Paved's rules.
 */
@Path(BackstageErrors.PATH + "/entities")
@Tag(name = BackstageCatalogResource.TAG)
@APIResponse(responseCode = "502", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_TIMEOUT)
public class BackstageEntitiesResource {

    private static final Pattern UID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CatalogReads reads;
    private final BackstageLocations locations;

    public BackstageEntitiesResource(CatalogReads reads, BackstageLocations locations) {
        this.reads = reads;
        this.locations = locations;
    }

    /** What identifies a by-query answer in the read cache (apart from Paved's own queries). */
    private record QueryKey(ByteString query, String from, int skip, int take, boolean total) {
    }

    /** What identifies a bounded GET /entities answer in the read cache; its text differs from a by-query page's. */
    private record ListKey(ByteString query, String from, int skip, int take) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntities", summary = "Entities (Backstage: getEntities)",
            description = "Every entity that matches, as a plain array; with limit, a Link header (rel=next) asks "
                    + "for the rest with after. Without limit every match is answered, as Backstage does.")
    @APIResponse(responseCode = "200", description = "The entities, in the order asked for.",
            headers = @Header(name = "Link", description = "<…&after=…>; rel=\"next\" while more entities follow.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = CatalogShapes.Projection.class)))
    public Uni<Response> list(@Context UriInfo uri,
            @Parameter(description = "Backstage's filter: kind=component,spec.type=service; repeat to OR.")
            @QueryParam("filter") List<String> filter,
            @Parameter(description = "Field paths to keep, comma-separated or repeated.") @QueryParam("fields") List<String> fields,
            @Parameter(description = "asc:<field> or desc:<field>; one field.") @QueryParam("order") List<String> order,
            @Parameter(description = "Entities to skip.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("offset") String offset,
            @Parameter(description = "At most this many entities.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "From a Link header of an earlier answer.") @QueryParam("after") String after) {
        ListEntitiesRequest.Builder query = ListEntitiesRequest.newBuilder().addAllFilter(filter).addAllFields(fields);
        String pavedOrder = BackstageQueries.order(order);
        if (pavedOrder != null) {
            query.setOrder(pavedOrder);
        }
        int skip = BackstageQueries.count("offset", offset, 0);
        int take = BackstageQueries.count("limit", limit, BackstageQueries.UNLIMITED);
        String from = after == null ? "" : after;
        ListEntitiesRequest request = query.build();
        Uni<ListAnswer> answer;
        if (take == BackstageQueries.UNLIMITED) {
            // Not kept in the read cache: an answer without limit holds the whole catalog.
            answer = EntitySpan.read(reads.catalog(), request, from, skip, take, false).map(ListAnswer::of);
        } else {
            answer = reads.answer(new ListKey(request.toByteString(), from, skip, take),
                    () -> EntitySpan.read(reads.catalog(), request, from, skip, take, false)
                            .map(span -> ListAnswer.of(span).kept())).map(ListAnswer::fromKept);
        }
        // The catalog's cursor is after here, and the catalog names it cursor.
        return UpstreamViolations.renamingParameter(answer, "cursor", "after").map(list -> {
            Response.ResponseBuilder response = Response.ok(list.body(), MediaType.APPLICATION_JSON_TYPE);
            if (list.nextCursor() != null && take != BackstageQueries.UNLIMITED) {
                response.header("Link", nextLink(uri.getRequestUri(), list.nextCursor()));
            }
            return response.build();
        });
    }

    /**
     * The request's path and query without offset and after, then after=cursor, as a Link to the
     * rest. Written from the raw query: a URI builder costs more than the cached answer it goes with.
     */
    static String nextLink(URI request, String cursor) {
        StringBuilder link = new StringBuilder(256).append('<').append(request.getRawPath()).append('?');
        String query = request.getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (!parameter.isEmpty() && !parameter.startsWith("offset=") && !parameter.equals("offset")
                        && !parameter.startsWith("after=") && !parameter.equals("after")) {
                    link.append(parameter).append('&');
                }
            }
        }
        return link.append("after=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8))
                .append(">; rel=\"next\"").toString();
    }

    /**
     * A GET /entities answer: the array and where the rest starts. Kept in the read cache as one
     * text, the cursor (empty on the last page) and the array after a newline, which neither holds
     * at its start.
     */
    private record ListAnswer(String body, String nextCursor) {

        static ListAnswer of(EntitySpan span) {
            return new ListAnswer(BackstageJson.array(span.items()), span.nextCursor());
        }

        String kept() {
            return (nextCursor == null ? "" : nextCursor) + "\n" + body;
        }

        static ListAnswer fromKept(String kept) {
            int newline = kept.indexOf('\n');
            return new ListAnswer(kept.substring(newline + 1), newline == 0 ? null : kept.substring(0, newline));
        }
    }

    @GET
    @Path("/by-query")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queryBackstageEntities", summary = "A page of entities (Backstage: queryEntities)",
            description = "The first page takes filter, orderField, fullTextFilterTerm and totalItems; the pages "
                    + "after it take only cursor (nextCursor or prevCursor of the previous answer), which carries the "
                    + "query, with limit and fields. Cursors stay valid while the catalog changes. With "
                    + "fullTextFilterFields, the full-text term must occur, as Backstage matches it, anywhere in the "
                    + "value of one of those fields; without, its words must start words of the name, title, "
                    + "description or tags.")
    @APIResponse(responseCode = "200", description = "{items, totalItems, pageInfo: {nextCursor, prevCursor}}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.QueryPage.class)))
    public Uni<Response> query(
            @Parameter(description = "Backstage's filter: kind=component,spec.type=service; repeat to OR.")
            @QueryParam("filter") List<String> filter,
            @Parameter(description = "Field paths to keep, comma-separated or repeated.") @QueryParam("fields") List<String> fields,
            @Parameter(description = "0 or more, default 20; 0 only counts.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "Entities to skip before the page.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("offset") String offset,
            @Parameter(description = "<field>,asc or <field>,desc; the first one counts.")
            @QueryParam("orderField") List<String> orderField,
            @Parameter(description = "nextCursor or prevCursor of an earlier answer.") @QueryParam("cursor") String cursor,
            @Parameter(description = "include (default) or exclude; excluded, totalItems is 0.")
            @QueryParam("totalItems") String totalItems,
            @Parameter(description = "Text to find; see fullTextFilterFields.")
            @QueryParam("fullTextFilterTerm") String fullTextFilterTerm,
            @Parameter(description = "Field paths the term is searched in, comma-separated or repeated.")
            @QueryParam("fullTextFilterFields") List<String> fullTextFilterFields) {
        int take = BackstageQueries.count("limit", limit, BackstageQueries.DEFAULT_QUERY_LIMIT);
        BackstageCursor at = cursor == null || cursor.isEmpty() ? null : BackstageCursor.decode(cursor);
        BackstageCursor asked = at != null ? at
                : new BackstageCursor(filter, BackstageQueries.orderField(orderField),
                        fullTextFilterTerm == null || fullTextFilterTerm.isBlank() ? null : fullTextFilterTerm.trim(),
                        fullTextFilterFields, BackstageQueries.includeTotal(totalItems), "");
        int skip = at != null ? 0 : BackstageQueries.count("offset", offset, 0);
        ListEntitiesRequest.Builder query = ListEntitiesRequest.newBuilder().addAllFilter(asked.filter())
                .addAllFields(fields);
        if (asked.order() != null) {
            query.setOrder(asked.order());
        }
        if (asked.text() != null) {
            query.setQ(asked.text()).addAllQFields(asked.textFields());
        }
        ListEntitiesRequest request = query.build();
        return reads.answer(new QueryKey(request.toByteString(), asked.position(), skip, take, asked.total()),
                () -> EntitySpan.read(reads.catalog(), request, asked.position(), skip, take, asked.total())
                        .map(span -> BackstageJson.queryPage(span.items(), span.totalItems(),
                                continuing(asked, span.nextCursor()), continuing(asked, span.prevCursor()))))
                .map(BackstageEntitiesResource::json);
    }

    private static String continuing(BackstageCursor query, String position) {
        return position == null ? null
                : new BackstageCursor(query.filter(), query.order(), query.text(), query.textFields(), query.total(),
                        position).encode();
    }

    @POST
    @Path("/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntitiesByRefs", summary = "Entities by ref (Backstage: getEntitiesByRefs)",
            description = "One item per ref, in the order asked; null where the catalog has no such entity or the "
                    + "filter matches none of it. A predicate query (body) is refused: read by refs with a filter.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.ByRefsRequest.class)))
    @APIResponse(responseCode = "200", description = "{items: [entity or null]}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CatalogShapes.ByRefs.class)))
    public Uni<Response> byRefs(BackstageShapes.ByRefsRequest body,
            @Parameter(description = "Backstage's filter: kind=component,spec.type=service; repeat to OR. An entity "
                    + "it does not match is answered as null.") @QueryParam("filter") List<String> filter) {
        if (body != null && body.query() != null) {
            throw ProblemException.badRequest("FILTER_NOT_SUPPORTED", "Reading by refs takes no predicate query here: "
                    + "give a filter (query parameter) instead.", Violation.at("/query", "is not supported"));
        }
        return reads.byRefs(body == null ? null : body.entityRefs(), body == null ? null : body.fields(), filter)
                .map(BackstageEntitiesResource::json);
    }

    @GET
    @Path("/by-uid/{uid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntityByUid", summary = "One entity by uid (Backstage: getEntityByUid)")
    @APIResponse(responseCode = "200", description = "The entity.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogShapes.Entity.class)))
    public Uni<Response> byUid(@PathParam("uid") String uid) {
        return withUid(uid).map(entity -> json(entity.getJson()));
    }

    @DELETE
    @Path("/by-uid/{uid}")
    @Operation(operationId = "deleteBackstageEntityByUid", summary = "Delete one entity by uid "
            + "(Backstage: removeEntityByUid)", description = "Only what the caller's team owns, as in Paved's API.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Response> deleteByUid(@PathParam("uid") String uid) {
        return withUid(uid).chain(entity -> reads.evictingAfter(reads.catalog().deleteEntity(DeleteEntityRequest
                .newBuilder().setKind(entity.getKind()).setNamespace(entity.getNamespace()).setName(entity.getName())
                .build()), false))
                .map(deleted -> Response.noContent().build());
    }

    /** The entity with the uid, found through the catalog's search key metadata.uid. */
    private Uni<Entity> withUid(String uid) {
        ProblemException missing = ProblemException.notFound("ENTITY_NOT_FOUND", "No entity with uid " + uid
                + " is in the catalog.");
        if (!UID.matcher(uid).matches()) {
            throw missing;
        }
        return reads.catalog().listEntities(ListEntitiesRequest.newBuilder().addFilter("metadata.uid=" + uid)
                .setPage(PageRequest.newBuilder().setLimit(1)).build()).map(page -> {
                    if (page.getItemsCount() == 0) {
                        throw missing;
                    }
                    return page.getItems(0);
                });
    }

    @GET
    @Path("/by-name/{kind}/{namespace}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntityByName", summary = "One entity by ref (Backstage: getEntityByRef)",
            description = "Kind, namespace and name compare case-insensitively.")
    @APIResponse(responseCode = "200", description = "The entity.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CatalogShapes.Entity.class)))
    public Uni<Response> byName(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return reads.entity(kind, namespace, name).map(entity -> json(entity.json()));
    }

    @GET
    @Path("/by-name/{kind}/{namespace}/{name}/ancestry")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageEntityAncestry", summary = "An entity's ancestry "
            + "(Backstage: getEntityAncestors)", description = "The entity, then what emitted it: for an entity a Git "
                    + "location produced, the location's Location entity (location:default/generated-<sha1 of "
                    + "url:target>, as Backstage names it), which has no parents. An entity written through the API "
                    + "has no parents.")
    @APIResponse(responseCode = "200", description = "{rootEntityRef, items: [{entity, parentEntityRefs}]}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.Ancestry.class)))
    public Uni<Response> ancestry(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return reads.catalog().getEntity(GetEntityRequest.newBuilder().setKind(kind).setNamespace(namespace)
                .setName(name).build()).chain(entity -> locations.of(entity.getJson()).map(location -> {
                    String root = BackstageJson.ref(entity);
                    if (location.isEmpty()) {
                        return json(BackstageJson.ancestry(root, List.of(new BackstageJson.AncestryLink(
                                entity.getJson(), List.of()))));
                    }
                    return json(BackstageJson.ancestry(root, List.of(
                            new BackstageJson.AncestryLink(entity.getJson(),
                                    List.of(BackstageLocations.shape(location.get()).entityRef())),
                            new BackstageJson.AncestryLink(locations.locationEntity(location.get()), List.of()))));
                }));
    }

    static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
