package dev.paved.gateway.api.backstage;

import java.util.List;
import java.util.Locale;

import dev.paved.api.catalog.v1.Entity;
import dev.paved.gateway.api.catalog.CatalogJson;

/**
 * Backstage's answer shapes around the entity JSON the catalog rendered, which passes through
 * without being parsed (as in {@link CatalogJson}).
 */
final class BackstageJson {

    private BackstageJson() {
    }

    /** GET /entities: a plain array. */
    static String array(List<Entity> entities) {
        StringBuilder json = new StringBuilder(entities.size() * 1024 + 2).append('[');
        items(json, entities);
        return json.append(']').toString();
    }

    /** by-query: {@code {items, totalItems, pageInfo: {nextCursor?, prevCursor?}}}. */
    static String queryPage(List<Entity> entities, long totalItems, String nextCursor, String prevCursor) {
        StringBuilder json = new StringBuilder(entities.size() * 1024 + 256).append("{\"items\":[");
        items(json, entities);
        json.append("],\"totalItems\":").append(totalItems).append(",\"pageInfo\":{");
        if (nextCursor != null) {
            json.append("\"nextCursor\":");
            CatalogJson.string(json, nextCursor);
        }
        if (prevCursor != null) {
            json.append(nextCursor != null ? ",\"prevCursor\":" : "\"prevCursor\":");
            CatalogJson.string(json, prevCursor);
        }
        return json.append("}}").toString();
    }

    /** One link of an entity's ancestry: the entity (its JSON) and the refs of the entities that emitted it. */
    record AncestryLink(String entityJson, List<String> parentEntityRefs) {
    }

    /** An entity's ancestry: the entity first, then the entities that emitted it, each with its parents. */
    static String ancestry(String rootEntityRef, List<AncestryLink> links) {
        StringBuilder json = new StringBuilder(256).append("{\"rootEntityRef\":");
        CatalogJson.string(json, rootEntityRef);
        json.append(",\"items\":[");
        for (int i = 0; i < links.size(); i++) {
            AncestryLink link = links.get(i);
            json.append(i == 0 ? "" : ",").append("{\"entity\":").append(link.entityJson())
                    .append(",\"parentEntityRefs\":");
            strings(json, link.parentEntityRefs());
            json.append('}');
        }
        return json.append("]}").toString();
    }

    /** POST /locations: {@code {location, entities, exists?}}. */
    static String addedLocation(BackstageShapes.Location location, List<String> entities, Boolean exists) {
        StringBuilder json = new StringBuilder(256).append("{\"location\":");
        location(json, location);
        json.append(",\"entities\":[").append(String.join(",", entities)).append(']');
        if (exists != null) {
            json.append(",\"exists\":").append(exists);
        }
        return json.append('}').toString();
    }

    /** POST /locations/by-query: {@code {items, totalItems, pageInfo: {nextCursor?}}}. */
    static String locationPage(List<BackstageShapes.Location> locations, long totalItems, String nextCursor) {
        StringBuilder json = new StringBuilder(locations.size() * 256 + 64).append("{\"items\":[");
        for (int i = 0; i < locations.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            location(json, locations.get(i));
        }
        json.append("],\"totalItems\":").append(totalItems).append(",\"pageInfo\":{");
        if (nextCursor != null) {
            json.append("\"nextCursor\":");
            CatalogJson.string(json, nextCursor);
        }
        return json.append("}}").toString();
    }

    /** A location: {@code {id, type, target, entityRef}}. */
    static String location(BackstageShapes.Location location) {
        StringBuilder json = new StringBuilder(256);
        location(json, location);
        return json.toString();
    }

    /** GET /locations: {@code [{data: location}]}. */
    static String locationList(List<BackstageShapes.Location> locations) {
        StringBuilder json = new StringBuilder(locations.size() * 256 + 2).append('[');
        for (int i = 0; i < locations.size(); i++) {
            json.append(i == 0 ? "{\"data\":" : ",{\"data\":");
            location(json, locations.get(i));
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** A file's entity for analyze-location. */
    record EntityFile(String file, String entityJson) {
    }

    /** POST /analyze-location: {@code {existingEntityFiles: [{location, isRegistered, entity}], generateEntities: []}}. */
    static String analysis(List<EntityFile> files, boolean registered) {
        StringBuilder json = new StringBuilder(files.size() * 1024 + 64).append("{\"existingEntityFiles\":[");
        for (int i = 0; i < files.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"location\":{\"type\":\"url\",\"target\":");
            CatalogJson.string(json, files.get(i).file());
            json.append("},\"isRegistered\":").append(registered).append(",\"entity\":")
                    .append(files.get(i).entityJson()).append('}');
        }
        return json.append("],\"generateEntities\":[]}").toString();
    }

    private static void location(StringBuilder json, BackstageShapes.Location location) {
        json.append("{\"id\":");
        CatalogJson.string(json, location.id());
        json.append(",\"type\":");
        CatalogJson.string(json, location.type());
        json.append(",\"target\":");
        CatalogJson.string(json, location.target());
        json.append(",\"entityRef\":");
        CatalogJson.string(json, location.entityRef());
        json.append('}');
    }

    private static void strings(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            CatalogJson.string(json, values.get(i));
        }
        json.append(']');
    }

    /** An entity ref as Backstage writes it: kind and namespace in lower case, the name as it is. */
    static String ref(Entity entity) {
        return entity.getKind().toLowerCase(Locale.ROOT) + ":" + entity.getNamespace().toLowerCase(Locale.ROOT) + "/"
                + entity.getName();
    }

    private static void items(StringBuilder json, List<Entity> entities) {
        for (int i = 0; i < entities.size(); i++) {
            json.append(i == 0 ? "" : ",").append(entities.get(i).getJson());
        }
    }
}
