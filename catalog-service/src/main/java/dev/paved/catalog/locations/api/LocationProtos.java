package dev.paved.catalog.locations.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationError;
import dev.paved.api.catalog.v1.LocationState;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.catalog.domain.LocationOutcome;
import dev.paved.catalog.locations.domain.SyncResult;
import dev.paved.catalog.locations.persistence.LocationRecord;

/** Maps locations and their syncs to their gRPC messages. */
final class LocationProtos {

    private LocationProtos() {
    }

    static LocationSync sync(SyncResult result) {
        LocationSync.Builder sync = LocationSync.newBuilder()
                .setLocation(location(result.location()))
                .addAllRemovedRefs(result.removedRefs())
                .setDryRun(result.dryRun());
        for (LocationOutcome.Produced produced : result.produced()) {
            LocationEntity.Builder entity = LocationEntity.newBuilder()
                    .setRef(produced.result().ref())
                    .setAction(switch (produced.result().action()) {
                        case CREATED -> ChangeAction.CHANGE_ACTION_CREATED;
                        case UPDATED -> ChangeAction.CHANGE_ACTION_UPDATED;
                        case UNCHANGED -> ChangeAction.CHANGE_ACTION_UNCHANGED;
                        case DELETED -> ChangeAction.CHANGE_ACTION_DELETED;
                    });
            if (result.dryRun()) {
                entity.setJson(produced.descriptorJson());
            }
            sync.addEntities(entity);
        }
        return sync.build();
    }

    static Location location(LocationRecord record) {
        Location.Builder location = Location.newBuilder()
                .setType("url")
                .setTarget(record.target())
                .setCreatedBy(record.createdBy())
                .setCreatedAt(time(record.createdAt()))
                .setState(LocationState.valueOf("LOCATION_STATE_" + record.state().name()))
                .setNextSyncAt(time(record.nextSyncAt()));
        if (record.id() != null) {
            location.setId(record.id().toString());
        }
        if (record.owner() != null) {
            location.setOwner(record.owner());
        }
        if (record.commit() != null) {
            location.setCommit(record.commit());
        }
        if (record.lastSyncedAt() != null) {
            location.setLastSyncedAt(time(record.lastSyncedAt()));
        }
        for (dev.paved.catalog.locations.domain.LocationError error : record.errors()) {
            LocationError.Builder message = LocationError.newBuilder().setCode(error.code()).setMessage(error.message());
            if (error.file() != null) {
                message.setFile(error.file());
            }
            if (error.entityRef() != null) {
                message.setEntityRef(error.entityRef());
            }
            location.addErrors(message);
        }
        return location.build();
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
