package dev.paved.gateway.api.catalog;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationResponse;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.ListLocationsResponse;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationService;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.catalog.v1.LocationService} on the gateway's gRPC endpoint: every call goes on to
 * catalog-service with the caller's token; syncs that may change entities evict the gateway's read
 * cache once the catalog answered, as over REST.
 */
@GrpcService
public class LocationGrpcForwarder implements LocationService {

    private final LocationService locations;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReads reads;

    public LocationGrpcForwarder(@GrpcClient("catalog") LocationService locations, OnBehalfOfCaller onBehalf,
            Callers callers, CatalogReads reads) {
        this.locations = locations;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.reads = reads;
    }

    private LocationService upstream() {
        callers.current();
        return onBehalf.client(locations);
    }

    @Override
    public Uni<LocationSync> createLocation(CreateLocationRequest request) {
        Uni<LocationSync> created = Uni.createFrom().deferred(() -> upstream().createLocation(request));
        return reads.evictingAfter(created, request.getDryRun());
    }

    @Override
    public Uni<Location> getLocation(GetLocationRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getLocation(request));
    }

    @Override
    public Uni<ListLocationsResponse> listLocations(ListLocationsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listLocations(request));
    }

    @Override
    public Uni<DeleteLocationResponse> deleteLocation(DeleteLocationRequest request) {
        return reads.evictingAfter(Uni.createFrom().deferred(() -> upstream().deleteLocation(request)), false);
    }

    @Override
    public Uni<LocationSync> refreshLocation(RefreshLocationRequest request) {
        return reads.evictingAfter(Uni.createFrom().deferred(() -> upstream().refreshLocation(request)), false);
    }

    @Override
    public Uni<LocationSync> updateLocation(UpdateLocationRequest request) {
        return reads.evictingAfter(Uni.createFrom().deferred(() -> upstream().updateLocation(request)), false);
    }
}
