package dev.paved.gateway.api.catalog;

import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GraphEdge;
import dev.paved.api.catalog.v1.GraphResponse;

/**
 * Writes catalog answers around the entity JSON the catalog already rendered, so the gateway passes
 * entities through without parsing and re-serializing them.
 */
public final class CatalogJson {

    private CatalogJson() {
    }

    /** {@code {"items":[…],"nextCursor":…}}, without nextCursor on the last page. */
    static String page(List<Entity> items, String nextCursor) {
        StringBuilder json = new StringBuilder(items.size() * 1024 + 64).append("{\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "" : ",").append(items.get(i).getJson());
        }
        json.append(']');
        if (nextCursor != null && !nextCursor.isEmpty()) {
            json.append(",\"nextCursor\":");
            string(json, nextCursor);
        }
        return json.append('}').toString();
    }

    /** {@code {"items":[entity or null, …]}} */
    public static String slots(List<Entity> entitiesOrNull) {
        StringBuilder json = new StringBuilder(entitiesOrNull.size() * 1024 + 16).append("{\"items\":[");
        for (int i = 0; i < entitiesOrNull.size(); i++) {
            Entity entity = entitiesOrNull.get(i);
            json.append(i == 0 ? "" : ",").append(entity == null ? "null" : entity.getJson());
        }
        return json.append("]}").toString();
    }

    /** {@code {"rootRef":…,"entities":[…],"edges":[{sourceRef,type,targetRef}],"truncated":…}} */
    static String graph(GraphResponse graph) {
        StringBuilder json = new StringBuilder(graph.getEntitiesCount() * 1024 + 256).append("{\"rootRef\":");
        string(json, graph.getRootRef());
        json.append(",\"entities\":[");
        for (int i = 0; i < graph.getEntitiesCount(); i++) {
            json.append(i == 0 ? "" : ",").append(graph.getEntities(i).getJson());
        }
        json.append("],\"edges\":[");
        for (int i = 0; i < graph.getEdgesCount(); i++) {
            GraphEdge edge = graph.getEdges(i);
            json.append(i == 0 ? "{\"sourceRef\":" : ",{\"sourceRef\":");
            string(json, edge.getSourceRef());
            json.append(",\"type\":");
            string(json, edge.getType());
            json.append(",\"targetRef\":");
            string(json, edge.getTargetRef());
            json.append('}');
        }
        return json.append("],\"truncated\":").append(graph.getTruncated()).append('}').toString();
    }

    /** {@code {"items":[{revision,type,ref,uid,changedAt,entity}],"lastRevision":…}}; a deletion has no entity. */
    static String changes(ChangesResponse changes) {
        StringBuilder json = new StringBuilder(changes.getChangesCount() * 1024 + 64).append("{\"items\":[");
        for (int i = 0; i < changes.getChangesCount(); i++) {
            json.append(i == 0 ? "" : ",");
            change(json, changes.getChanges(i));
        }
        return json.append("],\"lastRevision\":").append(changes.getLastRevision()).append('}').toString();
    }

    static void change(StringBuilder json, Change change) {
        json.append("{\"revision\":").append(change.getRevision()).append(",\"type\":");
        string(json, change.getType() == ChangeType.CHANGE_TYPE_DELETED ? "DELETED" : "UPSERTED");
        json.append(",\"ref\":");
        string(json, change.getRef());
        json.append(",\"uid\":");
        string(json, change.getUid());
        json.append(",\"changedAt\":");
        string(json, change.getChangedAt());
        if (change.hasEntity()) {
            json.append(",\"entity\":").append(change.getEntity().getJson());
        }
        json.append('}');
    }

    /** Appends a JSON string. */
    public static void string(StringBuilder json, String value) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }

    /** An ETag header value for an entity etag. */
    static String etagHeader(String etag) {
        return "\"" + etag + "\"";
    }

    /** The etag an If-Match header names ({@code "abc"}, {@code W/"abc"} or bare), or null without one. */
    static String ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }
}
