package dev.paved.gateway.api.backstage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.api.RequestBodies;
import dev.paved.gateway.api.catalog.CatalogReads;
import dev.paved.gateway.domain.BackstageLocationQuery;
import io.smallrye.mutiny.Uni;

/**
 * Backstage's locations calls over Paved's Git locations (catalog-service's LocationService), on
 * behalf of the caller: anyone signed in reads them; the owner team's members and platform admins
 * register and delete them. A registration syncs at once, so its answer holds the stored entities
 * where Backstage's holds none yet.
 */
@Path(BackstageErrors.PATH)
@Tag(name = BackstageCatalogResource.TAG)
@APIResponse(responseCode = "502", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.BACKSTAGE_UPSTREAM_TIMEOUT)
public class BackstageLocationsResource {

    private static final int LOCATION_PAGE = dev.paved.common.paging.PageRequest.MAX_LIMIT;
    private static final String REJECT = "reject";
    private static final String REFRESH = "refresh";

    private final BackstageLocations locations;
    private final CatalogReads reads;

    public BackstageLocationsResource(BackstageLocations locations, CatalogReads reads) {
        this.locations = locations;
        this.reads = reads;
    }

    @GET
    @Path("/locations")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageLocations", summary = "Every location (Backstage: getLocations)",
            description = "Every registered Git location, oldest first, each wrapped as {data}.")
    @APIResponse(responseCode = "200", description = "[{data: {id, type, target, entityRef}}].",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = BackstageShapes.LocationItem.class)))
    public Uni<Response> list() {
        return all(new ArrayList<>(), "").map(all -> BackstageEntitiesResource.json(BackstageJson.locationList(all)));
    }

    private Uni<List<BackstageShapes.Location>> all(List<BackstageShapes.Location> found, String cursor) {
        return locations.locations().listLocations(ListLocationsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setLimit(LOCATION_PAGE).setCursor(cursor)).build()).chain(page -> {
                    page.getItemsList().forEach(location -> found.add(BackstageLocations.shape(location)));
                    String next = page.getPage().getNextCursor();
                    return next.isEmpty() ? Uni.createFrom().item(found) : all(found, next);
                });
    }

    @POST
    @Path("/locations/by-query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queryBackstageLocations", summary = "Locations by filter, a page at a time "
            + "(Backstage: queryLocations, streamLocations)", description = "Registered locations that match "
                    + "Backstage's filter predicate, ordered by id, limit per page; the next page is asked for "
                    + "with pageInfo.nextCursor alone.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.LocationQueryRequest.class)))
    @APIResponse(responseCode = "200", description = "{items, totalItems, pageInfo: {nextCursor?}}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.LocationQueryPage.class)))
    @APIResponse(responseCode = "400", description = "A limit that is not a positive integer, a predicate Backstage "
            + "would not take (INVALID_PARAMETER, pointing into the body), or a cursor that is not one "
            + "(INVALID_CURSOR).")
    public Uni<Response> query(JsonNode body) {
        BackstageLocationQuery query = BackstageLocationQuery.of(body);
        return all(new ArrayList<>(), "").map(all -> {
            BackstageLocationQuery.Page<BackstageShapes.Location> page = query.page(all, location -> Map.of(
                    "id", location.id(), "type", location.type(), "target", location.target(),
                    "entityRef", location.entityRef()));
            return BackstageEntitiesResource.json(BackstageJson.locationPage(page.items(), page.totalItems(),
                    page.nextCursor()));
        });
    }

    @GET
    @Path("/locations/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageLocation", summary = "One location (Backstage: getLocationById)")
    @APIResponse(responseCode = "200", description = "The location.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BackstageShapes.Location.class)))
    public Uni<Response> get(@PathParam("id") String id) {
        return locations.locations().getLocation(GetLocationRequest.newBuilder().setId(id).build())
                .map(location -> BackstageEntitiesResource.json(BackstageJson.location(BackstageLocations.shape(location))));
    }

    @GET
    @Path("/locations/by-entity/{kind}/{namespace}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBackstageLocationByEntity", summary = "The location that produced an entity "
            + "(Backstage: getLocationByEntity)", description = "Found by the entity's "
                    + "backstage.io/managed-by-origin-location; 404 for an entity written through the API.")
    @APIResponse(responseCode = "200", description = "The location.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BackstageShapes.Location.class)))
    public Uni<Response> byEntity(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return reads.entity(kind, namespace, name).chain(entity -> locations.of(entity.json())).map(found -> BackstageEntitiesResource.json(
                BackstageJson.location(BackstageLocations.shape(found.orElseThrow(() -> ProblemException.notFound(
                        "LOCATION_NOT_FOUND", "No registered location produced " + kind + ":" + namespace + "/" + name
                                + "."))))));
    }

    @POST
    @Path("/locations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBackstageLocation", summary = "Register a location (Backstage: addLocation)",
            description = "Registers a Git location (type url, target <repository>/blob/<ref>/<path or glob>) for "
                    + "the caller's team and syncs it at once. With dryRun=true nothing is written: the answer holds "
                    + "the entities the target would produce, or, if it is registered already (exists), those it "
                    + "produced. A target registered already is a 409 without dryRun, unless onConflict=refresh "
                    + "syncs it again and answers it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.LocationRequest.class)))
    @APIResponse(responseCode = "201", description = "{location, entities, exists}; exists only with dryRun.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.AddLocationResponse.class)))
    @APIResponse(responseCode = "409", description = "The target is registered already (onConflict=reject), or "
            + "is being synced right now (onConflict=refresh).")
    public Uni<Response> create(BackstageShapes.LocationRequest body,
            @Parameter(description = "true: read the target and answer what it would produce; nothing is written.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("dryRun") String dryRunText,
            @Parameter(description = "What a target registered already gets: reject (the default), a 409; refresh, "
                    + "a sync of the registered location, answered as a registration (201).",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { REJECT, REFRESH }))
            @QueryParam("onConflict") String onConflict) {
        boolean dryRun = QueryParameters.flag(dryRunText, "dryRun");
        boolean refreshOnConflict = refreshesOnConflict(onConflict);
        RequestBodies.required(body, "Send the location to register: {type, target}.");
        String type = body.type() == null ? "" : body.type();
        String target = body.target() == null ? "" : body.target();
        String owner = locations.ownerFor(body.owner());
        if (dryRun) {
            return locations.preview(type, target, owner).map(preview -> {
                Location location = preview.exists() ? preview.location()
                        : preview.location().toBuilder().setId("url:" + preview.location().getTarget()).build();
                return created(location, preview.entities(), preview.exists());
            });
        }
        CreateLocationRequest request = CreateLocationRequest.newBuilder().setType(type).setTarget(target)
                .setOwner(owner).build();
        Uni<LocationSync> registered = locations.locations().createLocation(request);
        if (refreshOnConflict) {
            registered = locations.orIfRegistered(registered, target, existing -> locations.locations()
                    .refreshLocation(RefreshLocationRequest.newBuilder().setId(existing.getId()).build()));
        }
        return reads.evictingAfter(registered, false)
                .chain(sync -> stored(sync).map(entities -> created(sync.getLocation(), entities, null)));
    }

    private static boolean refreshesOnConflict(String onConflict) {
        if (onConflict == null || onConflict.equals(REJECT)) {
            return false;
        }
        if (onConflict.equals(REFRESH)) {
            return true;
        }
        throw ProblemException.badRequest("INVALID_PARAMETER", "onConflict must be refresh or reject.",
                Violation.parameter("onConflict", "must be refresh or reject, was " + onConflict));
    }

    /** The entities a sync took, as the catalog stores them now. */
    private Uni<List<String>> stored(LocationSync sync) {
        if (sync.getEntitiesCount() == 0) {
            return Uni.createFrom().item(List.of());
        }
        return reads.catalog().getEntitiesByRefs(GetEntitiesByRefsRequest.newBuilder().addAllRefs(
                sync.getEntitiesList().stream().map(LocationEntity::getRef).toList()).build())
                .map(found -> found.getItemsList().stream().filter(slot -> slot.hasEntity())
                        .map(slot -> slot.getEntity().getJson()).toList());
    }

    private Response created(Location location, List<String> entities, Boolean exists) {
        List<String> all = new ArrayList<>(entities.size() + 1);
        all.add(locations.locationEntity(location));
        all.addAll(entities);
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(BackstageJson.addedLocation(BackstageLocations.shape(location), all, exists)).build();
    }

    @PUT
    @Path("/locations/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateBackstageLocation", summary = "Point a location at another target "
            + "(Backstage: updateLocation)", description = "Gives the location the new target and syncs it in the "
                    + "same step, only if the new target can be read (else 422, nothing changed): the entities the "
                    + "new target produces are stored, those only the old one produced are deleted. Its owner "
                    + "team's members and platform admins may.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.LocationUpdate.class)))
    @APIResponse(responseCode = "200", description = "The location with its new target.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BackstageShapes.Location.class)))
    @APIResponse(responseCode = "409", description = "Another location has the target, or a sync of this one is "
            + "under way.")
    @APIResponse(responseCode = "422", description = "The new target cannot be read; the location keeps its target "
            + "and entities.")
    public Uni<Response> update(@PathParam("id") String id, BackstageShapes.LocationUpdate body) {
        RequestBodies.required(body, "Send the location's new target: {type, target}.");
        UpdateLocationRequest request = UpdateLocationRequest.newBuilder().setId(id)
                .setType(QueryParameters.orEmpty(body.type())).setTarget(QueryParameters.orEmpty(body.target()))
                .build();
        return reads.evictingAfter(locations.locations().updateLocation(request), false).map(sync ->
                BackstageEntitiesResource.json(BackstageJson.location(BackstageLocations.shape(sync.getLocation()))));
    }

    @DELETE
    @Path("/locations/{id}")
    @Operation(operationId = "deleteBackstageLocation", summary = "Delete a location (Backstage: removeLocationById)",
            description = "Deletes the location and every entity it produced; its owner team's members and platform "
                    + "admins may.")
    @APIResponse(responseCode = "204", description = "Deleted, with its entities.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return reads.evictingAfter(locations.locations().deleteLocation(DeleteLocationRequest.newBuilder().setId(id)
                .build()), false).map(deleted -> Response.noContent().build());
    }

    @POST
    @Path("/analyze-location")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "analyzeBackstageLocation", summary = "The catalog files of a Git target "
            + "(Backstage: analyzeLocation)", description = "Reads the target (<repository>/blob/<ref>/<path or "
                    + "glob>, e.g. …/blob/main/catalog-info.yaml) as a dry-run registration would, and answers "
                    + "every entity its files hold, with its file. Nothing is written. Entities are not suggested "
                    + "for a repository without catalog files (generateEntities is empty).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BackstageShapes.AnalyzeLocationRequest.class)))
    @APIResponse(responseCode = "200", description = "{existingEntityFiles, generateEntities}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BackstageShapes.Analysis.class)))
    public Uni<Response> analyze(BackstageShapes.AnalyzeLocationRequest body) {
        if (body == null || body.location() == null) {
            throw ProblemException.badRequest("LOCATION_REQUIRED", "Send the location to analyze: {location: {type, "
                    + "target}}.", Violation.at("/location", "is required"));
        }
        if (body.catalogFilename() != null) {
            throw ProblemException.badRequest("CATALOG_FILENAME_NOT_SUPPORTED", "Name the catalog files in the "
                    + "target instead, e.g. <repository>/blob/main/**/catalog-info.yaml.",
                    Violation.at("/catalogFilename", "is not supported"));
        }
        String type = body.location().type() == null ? "" : body.location().type();
        String target = body.location().target() == null ? "" : body.location().target();
        // The location's type and target are nested in the body here, unlike in a registration's.
        return UpstreamViolations.renamingPointers(locations.preview(type, target, locations.ownerFor(body.owner())),
                Map.of("/type", "/location/type", "/target", "/location/target"))
                .map(preview -> BackstageEntitiesResource.json(BackstageJson.analysis(preview.entities().stream()
                        .map(entity -> new BackstageJson.EntityFile(fileOf(entity), entity)).toList(),
                        preview.exists())));
    }

    /** The file an entity came from: its managed-by-location without the url: prefix. */
    private String fileOf(String entityJson) {
        String location = locations.annotation(entityJson, BackstageLocations.LOCATION_ANNOTATION);
        return location == null ? "" : location.substring(location.indexOf(':') + 1);
    }
}
