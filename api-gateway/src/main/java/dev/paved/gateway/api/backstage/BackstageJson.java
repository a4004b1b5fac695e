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

    /**
     * An entity's ancestry: the entities that emitted it, each with its parents. Paved's entities are
     * written by their owners rather than emitted while processing a location, so the entity is the
     * root and has no parents.
     */
    static String ancestry(Entity root) {
        StringBuilder json = new StringBuilder(root.getJson().length() + 128).append("{\"rootEntityRef\":");
        CatalogJson.string(json, ref(root));
        return json.append(",\"items\":[{\"entity\":").append(root.getJson()).append(",\"parentEntityRefs\":[]}]}")
                .toString();
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
