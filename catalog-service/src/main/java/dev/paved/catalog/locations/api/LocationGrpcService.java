package dev.paved.catalog.locations.api;

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
import dev.paved.api.common.v1.PageInfo;
import dev.paved.catalog.locations.domain.Locations;
import dev.paved.catalog.locations.persistence.LocationRecord;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Caller;
import dev.paved.common.security.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** {@code paved.catalog.v1.LocationService}: anyone signed in reads; the domain checks who may change what. */
@GrpcService
public class LocationGrpcService implements LocationService {

    private final Callers callers;
    private final Locations locations;

    public LocationGrpcService(Callers callers, Locations locations) {
        this.callers = callers;
        this.locations = locations;
    }

    @Override
    @Blocking
    public Uni<LocationSync> createLocation(CreateLocationRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            return LocationProtos.sync(locations.create(caller, request.getType(), request.getTarget(),
                    request.getOwner(), request.getDryRun()));
        });
    }

    @Override
    @Blocking
    public Uni<Location> getLocation(GetLocationRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            return LocationProtos.location(locations.get(request.getId()));
        });
    }

    @Override
    @Blocking
    public Uni<ListLocationsResponse> listLocations(ListLocationsRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            if (!request.getTarget().isEmpty()) {
                return ListLocationsResponse.newBuilder().addAllItems(locations.byTarget(request.getTarget())
                        .map(LocationProtos::location).stream().toList()).setPage(PageInfo.getDefaultInstance())
                        .build();
            }
            Page<LocationRecord> page = locations.list(
                    PageRequest.of(request.getPage().getLimit(), request.getPage().getCursor()));
            return ListLocationsResponse.newBuilder()
                    .addAllItems(page.items().stream().map(LocationProtos::location).toList())
                    .setPage(page.pageInfo())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<DeleteLocationResponse> deleteLocation(DeleteLocationRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            return DeleteLocationResponse.newBuilder().addAllRemovedRefs(locations.delete(caller, request.getId()))
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<LocationSync> refreshLocation(RefreshLocationRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            return LocationProtos.sync(locations.refresh(caller, request.getId()));
        });
    }

    @Override
    @Blocking
    public Uni<LocationSync> updateLocation(UpdateLocationRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            return LocationProtos.sync(locations.update(caller, request.getId(), request.getType(),
                    request.getTarget()));
        });
    }
}
