package dev.paved.testing.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * The REST contract ({@code openapi/platform-v1.yaml}) as the tests hold every answer against it:
 * the operation an answer belongs to (method and path template), whether the contract lists its
 * status (or a {@code default}), its media type, and whether its body matches the schema given for
 * them. Schemas are checked by networknt's JSON Schema validator in the OpenAPI 3.1 dialect
 * (JSON Schema 2020-12), with the document's {@code $ref}s resolved inside it.
 *
 * <p>Answers outside {@code /api/} are not the contract's ({@code /q/health}, metrics); under it, a
 * path or method the contract does not have (a test-only probe, an unknown path) is still an API
 * answer: its errors must be problems, or under Backstage's catalog API ({@code /api/catalog}) its
 * {@code BackstageError}s. A CORS preflight (OPTIONS, which the contract has none of) is
 * the HTTP layer's answer to a browser, not an API answer.
 *
 * <p>Stricter than a client needs to be, so that the contract describes every answer: an object
 * schema with properties that does not say {@code additionalProperties} is closed here
 * ({@code unevaluatedProperties: false}), so a field the contract does not name fails as a missing
 * required one does. A schema that allows more says {@code additionalProperties: true}.
 */
public final class OpenApiContract {

    private static final String DOCUMENT_IRI = "https://contract.paved.dev/platform-v1.json";
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "/components/schemas/Problem";
    private static final String BACKSTAGE_PATH = "/api/catalog";
    private static final String BACKSTAGE_MEDIA_TYPE = "application/json";
    private static final String BACKSTAGE_ERROR_SCHEMA = "/components/schemas/BackstageError";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Map<Path, OpenApiContract> LOADED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(Path file, JsonNode document) {
        this.file = file;
        this.document = document;
        String closed;
        try {
            closed = JSON.writeValueAsString(closeObjects(document.deepCopy()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the contract " + file + " cannot be written as JSON", e);
        }
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(OpenApi31.getInstance())
                        .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                        .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, closed))));
        this.config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true)
                .build();
    }

    /** The contract in this file, read once per class loader. */
    public static OpenApiContract of(Path file) {
        return LOADED.computeIfAbsent(file.toAbsolutePath().normalize(), OpenApiContract::read);
    }

    private static OpenApiContract read(Path file) {
        try {
            return new OpenApiContract(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("the contract " + file + " cannot be read", e);
        }
    }

    /** Fails with every way the answer differs from the contract. */
    public void check(String method, URI uri, int status, String contentType, byte[] body) {
        List<String> mismatches = mismatches(method, uri, status, contentType, body);
        if (!mismatches.isEmpty()) {
            String text = new String(body, StandardCharsets.UTF_8);
            throw new AssertionError("The answer to " + method + " " + uri.getRawPath() + " (" + status + ", "
                    + contentType + ") does not match the contract " + file + ":\n  - "
                    + String.join("\n  - ", mismatches) + "\n  body: "
                    + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text));
        }
    }

    /** How the answer differs from the contract; empty when it matches or is not the contract's to judge. */
    public List<String> mismatches(String method, URI uri, int status, String contentType, byte[] body) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/api/")) {
            return List.of();
        }
        String essence = mediaTypeEssence(contentType);
        boolean hasBody = body != null && body.length > 0;
        String operation = operationPointer(method, path);
        if (operation == null) {
            if (status < 400 || "OPTIONS".equalsIgnoreCase(method)) {
                return List.of();
            }
            boolean backstage = path.equals(BACKSTAGE_PATH) || path.startsWith(BACKSTAGE_PATH + "/");
            String errorType = backstage ? BACKSTAGE_MEDIA_TYPE : PROBLEM_MEDIA_TYPE;
            List<String> mismatches = new ArrayList<>();
            if (!errorType.equals(essence)) {
                mismatches.add("an error answer of " + (backstage ? "Backstage's catalog API" : "the API") + " is "
                        + errorType + ", this one is " + contentType);
            } else {
                validate(backstage ? BACKSTAGE_ERROR_SCHEMA : PROBLEM_SCHEMA, body, mismatches);
            }
            return mismatches;
        }

        String responses = operation + "/responses";
        String response = responseFor(responses, status);
        if (response == null) {
            return List.of("status " + status + " is not one the contract lists for " + method.toUpperCase(Locale.ROOT)
                    + " " + templateOf(operation) + ": " + fieldNames(at(responses)));
        }
        response = dereferenced(response);
        JsonNode content = at(response).path("content");
        if (content.isEmpty()) {
            return hasBody ? List.of("the contract gives status " + status + " no body, the answer has one ("
                    + contentType + ")") : List.of();
        }
        if (!hasBody) {
            return "HEAD".equalsIgnoreCase(method) ? List.of()
                    : List.of("the contract gives status " + status + " a body (" + fieldNames(content)
                            + "), the answer has none");
        }
        if (essence == null || !content.has(essence)) {
            return List.of("the answer's media type " + contentType + " is not one the contract gives status " + status
                    + ": " + fieldNames(content));
        }
        if (essence.equals("text/event-stream")) {
            return List.of();
        }
        String media = response + "/content/" + escape(essence);
        if (!at(media).has("schema")) {
            return List.of("the contract gives " + essence + " of status " + status + " no schema");
        }
        List<String> mismatches = new ArrayList<>();
        validate(media + "/schema", body, mismatches);
        return mismatches;
    }

    private void validate(String schemaPointer, byte[] body, List<String> mismatches) {
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException notJson) {
            mismatches.add("the body is not JSON: " + notJson.getMessage());
            return;
        }
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> factory.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer), config));
        for (ValidationMessage message : schema.validate(instance)) {
            String where = message.getInstanceLocation().toString();
            mismatches.add((where.isEmpty() ? "/" : where) + ": " + message.getError()
                    + " (schema " + message.getSchemaLocation() + ")");
        }
    }

    /** The operation's JSON pointer; a literal segment beats a template one, as OpenAPI says. */
    private String operationPointer(String method, String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> templates = document.path("paths").fieldNames(); templates.hasNext();) {
            String template = templates.next();
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                String segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    matches = !segment.isEmpty();
                } else {
                    matches = parts[i].equals(segment);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        String verb = method.toLowerCase(Locale.ROOT);
        if (best == null || !METHODS.contains(verb) || !document.path("paths").path(best).has(verb)) {
            return null;
        }
        return "/paths/" + escape(best) + "/" + verb;
    }

    private String responseFor(String responses, int status) {
        JsonNode listed = at(responses);
        String exact = Integer.toString(status);
        for (String key : List.of(exact, exact.charAt(0) + "XX", "default")) {
            if (listed.has(key)) {
                return responses + "/" + escape(key);
            }
        }
        return null;
    }

    /** A response that is a {@code $ref} to components/responses, followed. */
    private String dereferenced(String pointer) {
        String current = pointer;
        for (int hops = 0; at(current).has("$ref") && hops < 10; hops++) {
            String ref = at(current).get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new IllegalStateException("the contract refers outside itself: " + ref);
            }
            current = ref.substring(1);
        }
        return current;
    }

    private JsonNode at(String pointer) {
        return document.at(pointer);
    }

    private String templateOf(String operationPointer) {
        String escaped = operationPointer.substring("/paths/".length(), operationPointer.lastIndexOf('/'));
        return escaped.replace("~1", "/").replace("~0", "~");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** {@code application/json; charset=UTF-8} → {@code application/json}; null without a content type. */
    static String mediaTypeEssence(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    /** Every object schema with properties and no word on others is closed: see the class comment. */
    private static JsonNode closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("properties") instanceof ObjectNode && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("unevaluatedProperties", false);
            }
            object.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("examples") && !field.getKey().equals("example")) {
                    closeObjects(field.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::closeObjects);
        }
        return node;
    }
}
