package dev.paved.gateway.api.backstage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationService;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.common.web.RequestIds;
import dev.paved.gateway.api.catalog.CatalogReads;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * Paved's Git locations as Backstage sees them. A registered location is, in Backstage, a Location
 * entity {@code location:default/generated-<sha1 of url:target>} that emitted the entities of its
 * files; Paved keeps the location itself and stamps each entity it produced with the location's
 * target ({@code backstage.io/managed-by-origin-location: url:<target>}), which is how an entity
 * finds its location here.
 */
@ApplicationScoped
public class BackstageLocations {

    static final String ORIGIN_ANNOTATION = "backstage.io/managed-by-origin-location";
    static final String LOCATION_ANNOTATION = "backstage.io/managed-by-location";
    private static final String URL_PREFIX = "url:";
    private static final int MAX_PRODUCED = dev.paved.common.paging.PageRequest.MAX_LIMIT;

    private final LocationService locations;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReads reads;
    private final ObjectMapper json;

    public BackstageLocations(@GrpcClient("catalog") LocationService locations, OnBehalfOfCaller onBehalf,
            Callers callers, CatalogReads reads, ObjectMapper json) {
        this.locations = locations;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.reads = reads;
        this.json = json;
    }

    /** catalog-service's locations, called with the caller's token; refuses a caller who is not signed in. */
    LocationService locations() {
        callers.current();
        return onBehalf.client(locations);
    }

    /** A location as Backstage's client reads it: {@code {id, type, target, entityRef}}. */
    static BackstageShapes.Location shape(Location location) {
        return new BackstageShapes.Location(location.getId(), location.getType(), location.getTarget(),
                "location:default/" + entityName(location.getTarget()));
    }

    /** The location registered for a target, if any. */
    Uni<Optional<Location>> byTarget(String target) {
        return locations().listLocations(ListLocationsRequest.newBuilder().setTarget(target).build())
                .map(page -> page.getItemsList().stream().findFirst());
    }

    /** The location that produced the entity, read from its origin annotation; empty for entities written directly. */
    Uni<Optional<Location>> of(String entityJson) {
        String origin = annotation(entityJson, ORIGIN_ANNOTATION);
        if (origin == null || !origin.startsWith(URL_PREFIX)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return byTarget(origin.substring(URL_PREFIX.length()));
    }

    /**
     * The team a location registered through Backstage's API is for, since Backstage's body names
     * none: the one named in the body (Paved's addition), else the caller's only team; a platform
     * admin's location may have none.
     */
    String ownerFor(String asked) {
        Caller caller = callers.current();
        if (asked != null && !asked.isBlank()) {
            return asked.trim();
        }
        if (caller.isPlatformAdmin()) {
            return "";
        }
        if (caller.teams().isEmpty()) {
            throw ProblemException.forbidden("LOCATION_NOT_ALLOWED", "Only members of a team and platform admins "
                    + "register locations.");
        }
        if (caller.teams().size() > 1) {
            throw ProblemException.badRequest("LOCATION_OWNER_REQUIRED", "You are a member of several teams: name "
                    + "the one the location is for as owner.", Violation.at("/owner", "is required: one of "
                            + String.join(", ", caller.teams().stream().sorted().toList())));
        }
        return caller.teams().iterator().next();
    }

    /** What registering the target would produce, or, when it is registered already, what it produced. */
    record Preview(Location location, List<String> entities, boolean exists) {
    }

    /** A dry run of the registration; nothing is written. */
    Uni<Preview> preview(String type, String target, String owner) {
        CreateLocationRequest request = CreateLocationRequest.newBuilder().setType(type).setTarget(target)
                .setOwner(owner).setDryRun(true).build();
        Uni<Preview> preview = locations().createLocation(request).map(sync -> {
            List<String> entities = new ArrayList<>();
            for (LocationEntity produced : sync.getEntitiesList()) {
                entities.add(produced.getJson());
            }
            return new Preview(sync.getLocation(), entities, false);
        });
        return orIfRegistered(preview, target,
                existing -> produced(existing).map(entities -> new Preview(existing, entities, true)));
    }

    /**
     * {@code registration}'s answer, or, when the catalog refuses it because the target is registered
     * already ({@code LOCATION_EXISTS}), {@code registered} of the location registered for it.
     */
    <T> Uni<T> orIfRegistered(Uni<T> registration, String target, Function<Location, Uni<T>> registered) {
        return registration.onFailure(StatusRuntimeException.class).recoverWithUni(failure -> {
            StatusRuntimeException status = (StatusRuntimeException) failure;
            if (!"LOCATION_EXISTS".equals(GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(),
                    RequestIds.current()).code())) {
                return Uni.createFrom().failure(failure);
            }
            return byTarget(target).chain(existing -> existing.isEmpty() ? Uni.createFrom().failure(failure)
                    : registered.apply(existing.get()));
        });
    }

    /** The entities a registered location produced, as stored (at most one catalog page of them). */
    Uni<List<String>> produced(Location location) {
        return reads.catalog().listEntities(ListEntitiesRequest.newBuilder()
                .addFilter("metadata.annotations." + ORIGIN_ANNOTATION + "=" + URL_PREFIX + location.getTarget())
                .setPage(PageRequest.newBuilder().setLimit(MAX_PRODUCED)).build())
                .map(page -> page.getItemsList().stream().map(Entity::getJson).toList());
    }

    /**
     * The Location entity Backstage would hold for a registered location: the root of the ancestry
     * of every entity the location produced.
     */
    String locationEntity(Location location) {
        ObjectNode entity = json.createObjectNode().put("apiVersion", "backstage.io/v1alpha1").put("kind", "Location");
        ObjectNode metadata = entity.putObject("metadata").put("name", entityName(location.getTarget()))
                .put("namespace", "default");
        metadata.putObject("annotations").put(LOCATION_ANNOTATION, URL_PREFIX + location.getTarget())
                .put(ORIGIN_ANNOTATION, URL_PREFIX + location.getTarget());
        entity.putObject("spec").put("type", location.getType()).put("target", location.getTarget());
        return entity.toString();
    }

    /** An annotation of an entity the catalog rendered, or null. */
    String annotation(String entityJson, String name) {
        try {
            JsonNode value = json.readTree(entityJson).path("metadata").path("annotations").get(name);
            return value == null || !value.isTextual() ? null : value.asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog answered an entity that is not JSON", e);
        }
    }

    /** Backstage's name for the Location entity of a location: generated-<sha1 hex of type:target>. */
    static String entityName(String target) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest((URL_PREFIX + target)
                    .getBytes(StandardCharsets.UTF_8));
            return "generated-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
