package dev.paved.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD mock API server plus server-side apply, which it lacks: it answers
 * {@code application/apply-patch+yaml} with 415 and patches only objects that exist, whereas a real
 * API server creates a missing object on apply, merges into an existing one, requires a
 * {@code fieldManager} and records it in {@code metadata.managedFields}. This does the same, merging
 * as a JSON merge patch, and removes what the same manager applied before and no longer applies
 * (an annotation taken out of a manifest goes), as apply does; lists are replaced whole.
 * Merge patches follow RFC 7386, which the mock does not: it appends a patch's lists to the stored
 * ones (a Deployment applied twice would run its containers twice) and stores nulls instead of
 * removing the fields.
 */
public class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        return serverSideApply(request);
    }

    @Override
    public JsonNode merge(JsonNode stored, String patch) throws KubernetesCrudDispatcherException {
        return mergePatch(stored.deepCopy(), asNode(patch));
    }

    /** RFC 7386: objects merge field by field, null removes a field, anything else replaces what was there. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode merged = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), mergePatch(merged.get(field.getKey()), field.getValue()));
            }
        }
        return merged;
    }

    /**
     * The fields an apply sets, as {@code managedFields[].fieldsV1} writes them ({@code f:name} per
     * field); lists count as one field, which a later apply replaces whole.
     */
    static ObjectNode fieldsOf(JsonNode applied) {
        ObjectNode fields = JSON.createObjectNode();
        applied.properties().forEach(field -> {
            if (field.getKey().equals("managedFields") || field.getValue().isNull()) {
                return;
            }
            JsonNode value = field.getValue();
            fields.set("f:" + field.getKey(), value.isObject() && !value.isEmpty() ? fieldsOf(value)
                    : JSON.createObjectNode());
        });
        return fields;
    }

    /** Sets to null (which the merge then removes) each field of {@code before} that {@code now} lacks. */
    static void nullDropped(ObjectNode patch, JsonNode before, JsonNode now) {
        before.properties().forEach(field -> {
            String name = field.getKey().startsWith("f:") ? field.getKey().substring(2) : null;
            if (name == null) {
                return;
            }
            if (!now.has(field.getKey())) {
                patch.putNull(name);
            } else if (!field.getValue().isEmpty() && patch.path(name).isObject()) {
                nullDropped((ObjectNode) patch.get(name), field.getValue(), now.get(field.getKey()));
            }
        });
    }

    /** Called for every apply that reaches the store, with the object's API path; for tests that count. */
    protected void applied(String objectPath) {
    }

    private synchronized MockResponse serverSideApply(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String objectPath = query < 0 ? path : path.substring(0, query);
        String fieldManager = parameter(path, "fieldManager");
        if (fieldManager == null) {
            return status(422, "Invalid", "fieldManager is required for apply requests");
        }
        ObjectNode applied;
        try {
            applied = (ObjectNode) YAML.readTree(request.getBody().readUtf8());
        } catch (IOException | ClassCastException e) {
            return status(400, "BadRequest", "the apply body is not a YAML or JSON object");
        }
        ObjectNode fields = fieldsOf(applied);
        ObjectNode managed = JSON.createObjectNode().put("manager", fieldManager).put("operation", "Apply")
                .put("apiVersion", applied.path("apiVersion").asText()).put("time", Instant.now().toString())
                .put("fieldsType", "FieldsV1");
        managed.set("fieldsV1", fields);
        MockResponse existing = super.handleGet(objectPath);
        if (existing.code() == 200) {
            JsonNode stored;
            try {
                stored = JSON.readTree(existing.getBody().readUtf8());
            } catch (IOException e) {
                return status(500, "InternalError", "the stored object is not JSON");
            }
            for (JsonNode entry : stored.path("metadata").path("managedFields")) {
                if (fieldManager.equals(entry.path("manager").asText())
                        && "Apply".equals(entry.path("operation").asText())) {
                    // A field the manager applied before and applies no longer is removed, as apply does.
                    nullDropped(applied, entry.path("fieldsV1"), fields);
                }
            }
        }
        ((ObjectNode) applied.with("metadata")).putArray("managedFields").add(managed);
        applied(objectPath);
        byte[] body = applied.toString().getBytes(StandardCharsets.UTF_8);
        if (existing.code() == 404) {
            String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
            return super.handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                    Headers.builder().add("Content-Type", "application/json").build(), new Buffer(body)));
        }
        return super.handlePatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, objectPath,
                Headers.builder().add("Content-Type", "application/merge-patch+json").build(), new Buffer(body)));
    }

    private static String parameter(String path, String name) {
        int query = path.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : path.substring(query + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name) && parts.length == 2 && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return null;
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody(ApiStatus.failure(code, reason, message));
    }
}
