package dev.paved.gateway.api.catalog;

import static dev.paved.common.paging.PageRequest.limitParameter;

import java.net.URI;

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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.LocationService;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.common.paging.Page;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.api.RequestBodies;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * Git locations over REST, answered by catalog-service over gRPC on behalf of the caller, who is
 * authorized there. A sync changes entities, so a create, update, refresh or delete evicts the gateway's
 * catalog read cache once the catalog answered.
 */
@Path("/api/v1/catalog/locations")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Catalog", description = "The software catalog: Backstage-format entities, their relations and changes.")
public class LocationsResource {

    private static final String SYNCED = "The location after the sync: its state, commit and errors; the entities the "
            + "sync took (with their action) and those it removed.";

    private final LocationService locations;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReads reads;

    public LocationsResource(@GrpcClient("catalog") LocationService locations, OnBehalfOfCaller onBehalf,
            Callers callers, CatalogReads reads) {
        this.locations = locations;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.reads = reads;
    }

    private LocationService locations() {
        callers.current();
        return onBehalf.client(locations);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCatalogLocation", summary = "Register a Git location",
            description = "Registers catalog files in a Git repository, <repository>/blob/<ref>/<path or glob> "
                    + "(https, or file for a repository on the catalog's disk where the catalog allows it), and "
                    + "syncs them at once; from then on they are synced on the catalog's interval and on refresh. "
                    + "The location produces only entities its owner team may write (any, for a platform admin's "
                    + "location without owner); what it cannot take is recorded in its errors, and the rest is "
                    + "stored. A target that cannot be read is registered all the same, with state FAILED.")
    @APIResponse(responseCode = "201", description = SYNCED + " Location: the new location.",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LocationJson.Sync.class)))
    @APIResponse(responseCode = "200", description = "dryRun=true: the entities the target would produce, each with "
            + "the entity as it would be stored, and the location as it would be registered (without id). "
            + "Nothing is stored.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LocationJson.Sync.class)))
    @APIResponse(responseCode = "409", description = "The target is registered already.")
    public Uni<Response> create(LocationJson.CreateBody body,
            @Parameter(description = "Read the target and answer what it would produce; nothing is stored.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("dryRun") String dryRunText) {
        boolean dryRun = QueryParameters.flag(dryRunText, "dryRun");
        RequestBodies.required(body, "Send the location to register.");
        CreateLocationRequest request = CreateLocationRequest.newBuilder()
                .setType(QueryParameters.orEmpty(body.type()))
                .setTarget(QueryParameters.orEmpty(body.target()))
                .setOwner(QueryParameters.orEmpty(body.owner()))
                .setDryRun(dryRun)
                .build();
        Uni<Response> created = locations().createLocation(request).map(sync -> dryRun
                ? Response.ok(LocationJson.sync(sync)).build()
                : Response.created(URI.create("/api/v1/catalog/locations/" + sync.getLocation().getId()))
                        .entity(LocationJson.sync(sync)).build());
        return reads.evictingAfter(created, dryRun);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCatalogLocations", summary = "List Git locations",
            description = "Every registered location, oldest first; anyone signed in may read them.")
    @APIResponse(responseCode = "200", description = "A page: {items, nextCursor}.")
    public Uni<Page<LocationJson>> list(
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page.") @QueryParam("cursor") String cursor) {
        ListLocationsRequest request = ListLocationsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setLimit(limitParameter(limit))
                        .setCursor(QueryParameters.orEmpty(cursor)))
                .build();
        return locations().listLocations(request).map(page -> new Page<>(
                page.getItemsList().stream().map(LocationJson::of).toList(),
                page.getPage().getNextCursor().isEmpty() ? null : page.getPage().getNextCursor()));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogLocation", summary = "Read a Git location",
            description = "Its target, owner, state, the commit and time of its last sync, and what that sync could "
                    + "not take.")
    @APIResponse(responseCode = "200", description = "The location.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LocationJson.class)))
    public Uni<LocationJson> get(@PathParam("id") String id) {
        return locations().getLocation(GetLocationRequest.newBuilder().setId(id).build()).map(LocationJson::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateCatalogLocation", summary = "Point a Git location at another target",
            description = "Reads the new target and, only if it can be read, gives the location that target (the "
                    + "same id, owner and creator) and syncs it in the same step: the entities the new target "
                    + "produces are stored, those the old one produced that the new one does not are deleted. "
                    + "The same target as now syncs it, as a refresh does. Its owner team's members and platform "
                    + "admins may.")
    @APIResponse(responseCode = "200", description = SYNCED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LocationJson.Sync.class)))
    @APIResponse(responseCode = "409", description = "Another location has the target (LOCATION_EXISTS), or a sync "
            + "of this one is under way (LOCATION_BUSY).")
    @APIResponse(responseCode = "422", description = "The new target cannot be read (LOCATION_TARGET_UNREADABLE, "
            + "what failed in errors[]); the location keeps its target and entities.")
    public Uni<LocationJson.Sync> update(@PathParam("id") String id, LocationJson.UpdateBody body) {
        RequestBodies.required(body, "Send the location's new target: {target}.");
        UpdateLocationRequest request = UpdateLocationRequest.newBuilder().setId(id)
                .setType(QueryParameters.orEmpty(body.type()))
                .setTarget(QueryParameters.orEmpty(body.target()))
                .build();
        return reads.evictingAfter(locations().updateLocation(request), false).map(LocationJson::sync);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteCatalogLocation", summary = "Delete a Git location",
            description = "Deletes the location and every entity it produced. Its owner team's members and platform "
                    + "admins may.")
    @APIResponse(responseCode = "204", description = "Deleted, with its entities.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return reads.evictingAfter(locations().deleteLocation(DeleteLocationRequest.newBuilder().setId(id).build()),
                false).map(removed -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/refresh")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshCatalogLocation", summary = "Sync a Git location now",
            description = "Fetches the target's ref and syncs the location's entities: new ones are created, changed "
                    + "ones updated, those its files no longer describe deleted. Its owner team's members and "
                    + "platform admins may.")
    @APIResponse(responseCode = "200", description = SYNCED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LocationJson.Sync.class)))
    @APIResponse(responseCode = "409", description = "Another sync of the location is under way; its outcome shows "
            + "on the location shortly.")
    public Uni<LocationJson.Sync> refresh(@PathParam("id") String id) {
        return reads.evictingAfter(locations().refreshLocation(RefreshLocationRequest.newBuilder().setId(id).build()),
                false).map(LocationJson::sync);
    }
}
