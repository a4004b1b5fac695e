package dev.paved.gateway.api.catalog;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationError;
import dev.paved.api.catalog.v1.LocationSync;

/** A Git location as the REST API shows it. */
@Schema(name = "CatalogLocation", description = "Catalog files in a Git repository that the catalog keeps in sync.")
public record LocationJson(
        @Schema(description = "Absent only on a dry run's preview, which registers nothing.") String id,
        @Schema(required = true, enumeration = "url") String type,
        @Schema(required = true, examples = "https://github.com/acme/shop/blob/main/catalog-info.yaml",
                description = "<repository>/blob/<ref>/<path or glob>; see the catalog docs.")
        String target,
        @Schema(description = "The team whose entities the location may produce; absent for a platform admin's.")
        String owner,
        @Schema(required = true) String createdBy,
        @Schema(required = true, format = "date-time") String createdAt,
        @Schema(required = true, enumeration = { "PENDING", "SYNCED", "SYNCED_WITH_ERRORS", "FAILED" }) String state,
        @Schema(description = "The commit the last read of the target saw.") String commit,
        @Schema(format = "date-time", description = "When the last sync ended; absent before the first.")
        String lastSyncedAt,
        @Schema(required = true, format = "date-time") String nextSyncAt,
        @Schema(required = true, description = "What the last sync could not take.") List<Error> errors) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> DESCRIPTOR = new TypeReference<>() {
    };

    @Schema(name = "CatalogLocationError", description = "One target, file or entity a sync could not take.")
    public record Error(
            @Schema(required = true, examples = "MALFORMED_FILE") String code,
            @Schema(required = true) String message,
            @Schema(description = "The file's location, url:<repository>/blob/<ref>/<path>.") String file,
            @Schema(examples = "component:default/checkout") String entityRef) {
    }

    /** The body of a create. */
    @Schema(name = "CatalogLocationRequest", additionalProperties = Schema.False.class)
    public record CreateBody(
            @Schema(enumeration = "url", description = "url when absent.") String type,
            @Schema(required = true, examples = "https://github.com/acme/shop/blob/main/catalog-info.yaml")
            String target,
            @Schema(description = "One of the caller's teams; only platform admins may leave it out.") String owner) {
    }

    /** The body of an update: the location's new target. */
    @Schema(name = "CatalogLocationUpdate", additionalProperties = Schema.False.class)
    public record UpdateBody(
            @Schema(enumeration = "url", description = "url when absent.") String type,
            @Schema(required = true, examples = "https://github.com/acme/shop/blob/main/catalog-info.yaml")
            String target) {
    }

    @Schema(name = "CatalogLocationSync", description = "What a sync, or a dry run, of a location produced.")
    public record Sync(@Schema(required = true) LocationJson location,
            @Schema(required = true) List<Produced> entities,
            @Schema(required = true, description = "Entities the location no longer describes (deleted unless dry run).")
            List<String> removedRefs,
            @Schema(required = true) boolean dryRun) {
    }

    @Schema(name = "CatalogLocationEntity")
    public record Produced(@Schema(required = true, examples = "component:default/checkout") String ref,
            @Schema(required = true, enumeration = { "CREATED", "UPDATED", "UNCHANGED" }) String action,
            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "On a dry run: the entity as it would be stored, its descriptor with the location "
                            + "annotations.")
            Map<String, Object> entity) {
    }

    static LocationJson of(Location location) {
        return new LocationJson(emptyToNull(location.getId()), location.getType(), location.getTarget(),
                emptyToNull(location.getOwner()), location.getCreatedBy(), location.getCreatedAt(),
                location.getState().name().replace("LOCATION_STATE_", ""), emptyToNull(location.getCommit()),
                emptyToNull(location.getLastSyncedAt()), location.getNextSyncAt(),
                location.getErrorsList().stream().map(LocationJson::error).toList());
    }

    static Sync sync(LocationSync sync) {
        return new Sync(of(sync.getLocation()), sync.getEntitiesList().stream().map(LocationJson::produced).toList(),
                sync.getRemovedRefsList(), sync.getDryRun());
    }

    private static Error error(LocationError error) {
        return new Error(error.getCode(), error.getMessage(), emptyToNull(error.getFile()),
                emptyToNull(error.getEntityRef()));
    }

    private static Produced produced(LocationEntity entity) {
        try {
            return new Produced(entity.getRef(), entity.getAction().name().replace("CHANGE_ACTION_", ""),
                    entity.getJson().isEmpty() ? null : JSON.readValue(entity.getJson(), DESCRIPTOR));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog answered an entity that is not JSON", e);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
