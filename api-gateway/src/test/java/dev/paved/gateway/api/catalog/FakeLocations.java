package dev.paved.gateway.api.catalog;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationResponse;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.ListLocationsResponse;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationError;
import dev.paved.api.catalog.v1.LocationServiceGrpc;
import dev.paved.api.catalog.v1.LocationState;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.api.common.v1.PageInfo;
import dev.paved.common.problem.Violation;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in for catalog-service's LocationService, served beside {@link FakeCatalog}: canned
 * locations (two pages of the list, the second empty; one location by {@link #TARGET}), the last request in {@link FakeCatalog#LAST_REQUEST}, and the problems catalog-service
 * gives for a missing, refused, unreadable or taken target, another team's owner and an unknown id.
 */
final class FakeLocations implements LocationServiceGrpc.AsyncService {

    static final String ID = "01a21d40-01a0-7d62-ab83-f3e3cf065d64";
    static final String TARGET = "https://github.com/acme/shop/blob/main/catalog-info.yaml";
    /** A target registered already: creating it is a conflict. */
    static final String REGISTERED_TARGET = "https://github.com/acme/registered/blob/main/catalog-info.yaml";
    static final String REGISTERED_ID = "01a21d40-01a0-7d62-ab83-000000000002";

    static Location location(String id) {
        Location.Builder location = Location.newBuilder().setType("url").setTarget(TARGET).setOwner("payments")
                .setCreatedBy("alice").setCreatedAt("2026-12-06T10:00:00Z")
                .setState(LocationState.LOCATION_STATE_SYNCED_WITH_ERRORS).setCommit("3f2c")
                .setLastSyncedAt("2026-12-06T10:00:01Z").setNextSyncAt("2026-12-06T10:05:01Z")
                .addErrors(LocationError.newBuilder().setCode("MALFORMED_FILE").setMessage("Document 0 is not valid YAML.")
                        .setFile("url:https://github.com/acme/shop/blob/main/svc/catalog-info.yaml"));
        if (!id.isEmpty()) {
            location.setId(id);
        }
        return location.build();
    }

    private static LocationSync sync(String id, boolean dryRun) {
        LocationEntity.Builder entity = LocationEntity.newBuilder().setRef("component:default/checkout")
                .setAction(ChangeAction.CHANGE_ACTION_CREATED);
        if (dryRun) {
            entity.setJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":"
                    + "\"checkout\",\"namespace\":\"default\"},\"spec\":{\"owner\":\"payments\"}}");
        }
        return LocationSync.newBuilder().setLocation(location(id)).addEntities(entity)
                .addRemovedRefs("component:default/gone").setDryRun(dryRun).build();
    }

    @Override
    public void createLocation(CreateLocationRequest request, StreamObserver<LocationSync> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        if (request.getTarget().isEmpty()) {
            FakeCatalog.fail(response, 400, "INVALID_TARGET", "The target is required.",
                    Violation.at("/target", "is required"));
            return;
        }
        if (request.getTarget().startsWith("ftp:")) {
            FakeCatalog.fail(response, 400, "UNSUPPORTED_SCHEME", "The target uses ftp://, but only https:// and "
                    + "file:// are supported.");
            return;
        }
        if (request.getTarget().equals(REGISTERED_TARGET) && !request.getDryRun()) {
            FakeCatalog.fail(response, 409, "LOCATION_EXISTS", "The target " + REGISTERED_TARGET
                    + " is registered already.");
            return;
        }
        if (request.getOwner().equals("search")) {
            FakeCatalog.fail(response, 403, "LOCATION_OWNER_NOT_YOURS", "You are not a member of search.");
            return;
        }
        response.onNext(sync(request.getDryRun() ? "" : ID, request.getDryRun()));
        response.onCompleted();
    }

    @Override
    public void getLocation(GetLocationRequest request, StreamObserver<Location> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        if (!request.getId().equals(ID)) {
            FakeCatalog.fail(response, 404, "LOCATION_NOT_FOUND", "No location " + request.getId() + " is registered.");
            return;
        }
        response.onNext(location(ID));
        response.onCompleted();
    }

    @Override
    public void listLocations(ListLocationsRequest request, StreamObserver<ListLocationsResponse> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        ListLocationsResponse.Builder page = ListLocationsResponse.newBuilder();
        if (!request.getTarget().isEmpty()) {
            if (request.getTarget().equals(TARGET)) {
                page.addItems(location(ID));
            } else if (request.getTarget().equals(REGISTERED_TARGET)) {
                page.addItems(location(REGISTERED_ID).toBuilder().setTarget(REGISTERED_TARGET));
            }
        } else if (!request.getPage().getCursor().equals("next-page")) {
            page.addItems(location(ID)).setPage(PageInfo.newBuilder().setNextCursor("next-page"));
        }
        response.onNext(page.build());
        response.onCompleted();
    }

    @Override
    public void deleteLocation(DeleteLocationRequest request, StreamObserver<DeleteLocationResponse> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        response.onNext(DeleteLocationResponse.newBuilder().addRemovedRefs("component:default/checkout").build());
        response.onCompleted();
    }

    @Override
    public void refreshLocation(RefreshLocationRequest request, StreamObserver<LocationSync> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        if (request.getId().equals("busy")) {
            FakeCatalog.fail(response, 409, "LOCATION_BUSY", "The location is being synced right now.");
            return;
        }
        response.onNext(sync(request.getId(), false));
        response.onCompleted();
    }

    @Override
    public void updateLocation(UpdateLocationRequest request, StreamObserver<LocationSync> response) {
        FakeCatalog.LAST_REQUEST.set(request);
        if (request.getTarget().equals(REGISTERED_TARGET)) {
            FakeCatalog.fail(response, 409, "LOCATION_EXISTS", "The target " + REGISTERED_TARGET
                    + " is registered already.");
            return;
        }
        if (request.getTarget().contains("/blob/release/")) {
            FakeCatalog.fail(response, 422, "LOCATION_TARGET_UNREADABLE", "The new target cannot be read; the "
                    + "location keeps its target and entities.", Violation.at("/target", "REF_NOT_FOUND: no ref release"));
            return;
        }
        LocationSync sync = sync(request.getId(), false);
        response.onNext(sync.toBuilder().setLocation(sync.getLocation().toBuilder().setTarget(request.getTarget()))
                .build());
        response.onCompleted();
    }
}
