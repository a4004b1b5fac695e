package dev.paved.gateway.api.catalog;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the catalog's answers, as the contract describes them. The gateway passes the JSON
 * the catalog rendered through as text ({@link CatalogJson}), so no code builds these records: they
 * give the resources' annotations their schemas, and the tests check every answer against them.
 */
public final class CatalogShapes {

    private CatalogShapes() {
    }

    @Schema(name = "CatalogEntity", additionalProperties = Schema.True.class,
            description = "A Backstage entity as the catalog serves it: the descriptor as stored (namespace filled "
                    + "in), metadata.uid and metadata.etag, the relations the catalog computed in both directions "
                    + "and, while it refers to entities the catalog does not have, status.items. Fields other than "
                    + "these pass through as the descriptor had them.")
    public record Entity(
            @Schema(required = true, examples = "backstage.io/v1alpha1") String apiVersion,
            @Schema(required = true, examples = "Component") String kind,
            @Schema(required = true) Metadata metadata,
            @Schema(description = "The kind's own fields, such as a Component's type, lifecycle and owner.")
            Map<String, Object> spec,
            @Schema(required = true, description = "Every relation of the entity, both directions, sorted.")
            List<Relation> relations,
            @Schema(description = "Present while the entity refers to entities the catalog does not have.")
            Status status) {
    }

    @Schema(name = "CatalogEntityMetadata", additionalProperties = Schema.True.class,
            description = "The entity's metadata: the known fields below and any other the descriptor gave.")
    record Metadata(
            @Schema(required = true, examples = "checkout") String name,
            @Schema(required = true, examples = "default") String namespace,
            @Schema(required = true, description = "Given by the catalog when the entity is first stored.") String uid,
            @Schema(required = true, description = "Changes whenever the served entity does; for If-Match.") String etag,
            String title,
            String description,
            Map<String, String> labels,
            Map<String, String> annotations,
            List<String> tags,
            List<Link> links) {
    }

    @Schema(name = "CatalogEntityLink")
    record Link(@Schema(required = true) String url, String title, String icon, String type) {
    }

    @Schema(name = "CatalogEntityRelation")
    record Relation(@Schema(required = true, examples = "ownedBy") String type,
            @Schema(required = true, examples = "group:default/payments") String targetRef) {
    }

    @Schema(name = "CatalogEntityStatus")
    record Status(@Schema(required = true) List<StatusItem> items) {
    }

    @Schema(name = "CatalogEntityStatusItem")
    record StatusItem(@Schema(required = true, examples = "paved.dev/unresolved-reference") String type,
            @Schema(required = true, examples = "warning") String level,
            @Schema(required = true) String message) {
    }

    @Schema(name = "CatalogEntityProjection", additionalProperties = Schema.True.class,
            description = "An entity as lists and batch reads answer it: the whole CatalogEntity, or with fields "
                    + "only the fields asked for, so here every field may be absent.")
    public record Projection(String apiVersion, String kind, MetadataProjection metadata, Map<String, Object> spec,
            List<Relation> relations,
            @Schema(type = SchemaType.OBJECT, description = "As in CatalogEntity, with the fields asked for.")
            Map<String, Object> status) {
    }

    @Schema(name = "CatalogEntityMetadataProjection", additionalProperties = Schema.True.class,
            description = "CatalogEntityMetadata with the fields asked for.")
    record MetadataProjection(String name, String namespace, String uid, String etag, String title, String description,
            Map<String, String> labels, Map<String, String> annotations, List<String> tags, List<Link> links) {
    }

    @Schema(name = "CatalogEntityPage", description = "A page of entities, in the order asked for.")
    record Page(@Schema(required = true) List<Projection> items,
            @Schema(description = "Asks for the next page; absent on the last page.") String nextCursor) {
    }

    @Schema(name = "CatalogEntitiesByRefs", description = "One item per ref asked for, in the same order: the "
            + "entity, or null where the catalog has no such entity.")
    public record ByRefs(@Schema(required = true, description = "Each a CatalogEntityProjection or null.")
            List<Projection> items) {
    }

    @Schema(name = "CatalogEntityGraph", description = "The entities and relations reached from an entity.")
    record Graph(@Schema(required = true, examples = "component:default/checkout") String rootRef,
            @Schema(required = true, description = "The root first, then each entity reached.") List<Entity> entities,
            @Schema(required = true) List<GraphEdge> edges,
            @Schema(required = true, description = "Whether the walk stopped at the catalog's entity limit before "
                    + "reaching the depth.")
            boolean truncated) {
    }

    @Schema(name = "CatalogGraphEdge")
    record GraphEdge(@Schema(required = true) String sourceRef, @Schema(required = true) String type,
            @Schema(required = true) String targetRef) {
    }

    @Schema(name = "CatalogChangePage", description = "The changes after a revision, oldest first.")
    record ChangePage(@Schema(required = true) List<Change> items,
            @Schema(required = true, description = "Ask again with since=lastRevision.") long lastRevision) {
    }

    @Schema(name = "CatalogChange", description = "An entity's latest change.")
    record Change(@Schema(required = true) long revision,
            @Schema(required = true, enumeration = { "UPSERTED", "DELETED" }) String type,
            @Schema(required = true, examples = "component:default/checkout") String ref,
            @Schema(required = true) String uid,
            @Schema(required = true, format = "date-time") String changedAt,
            @Schema(description = "The entity as upserted; absent for DELETED.") Entity entity) {
    }
}
