package dev.paved.provisioning.goldenpaths.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.paved.common.problem.JsonPointers;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.yaml.YamlLineLimit;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolver;
import io.quarkus.qute.ValueResolvers;

/**
 * Renders golden path versions: checks parameters against the version's JSON Schema (2020-12),
 * defaults applied, and renders its Qute template into Kubernetes objects. Parsed templates and
 * schemas are kept per name and version, which never change once registered.
 */
@ApplicationScoped
public class GoldenPathRenderer {

    public static final String INVALID_PARAMETERS = "INVALID_PARAMETERS";
    public static final String RENDER_FAILED = "GOLDEN_PATH_RENDER_FAILED";
    public static final String INVALID_GOLDEN_PATH = "INVALID_GOLDEN_PATH";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig SCHEMA_CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .applyDefaultsStrategy(new ApplyDefaultsStrategy(true, true, true))
            .build();

    private static final JsonSchema META_SCHEMA = SCHEMAS.getSchema(
            SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), SCHEMA_CONFIG);

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(ValueResolvers.rawResolver())
            .addValueResolver(new JsonResolver())
            .strictRendering(true)
            .build();
    private final ConcurrentMap<String, Template> templates = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /**
     * The parameters with the schema's defaults applied, or a 422 listing every way they fail it,
     * each pointing at {@code pointerPrefix} followed by the offending location.
     */
    public JsonNode parameters(GoldenPathVersion version, JsonNode given, String pointerPrefix) {
        ObjectNode parameters = given == null || given.isNull() || given.isMissingNode() ? JSON.createObjectNode()
                : given.isObject() ? ((ObjectNode) given).deepCopy() : null;
        if (parameters == null) {
            throw ProblemException.invalid(INVALID_PARAMETERS, "The golden path's parameters must be an object.",
                    List.of(Violation.at(pointerPrefix, "must be an object")));
        }
        JsonSchema schema = schemaOf(version);
        schema.walk(parameters, false);
        List<Violation> violations = schema.validate(parameters).stream()
                .map(message -> Violation.at(pointerPrefix + location(message), message.getError()))
                .sorted(Comparator.comparing(Violation::pointer).thenComparing(Violation::message))
                .toList();
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(INVALID_PARAMETERS, "The parameters do not match the schema of golden path "
                    + version.name() + " " + version.version() + ".", violations);
        }
        return parameters;
    }

    /** The template's objects, each with {@code apiVersion}, {@code kind} and a name, in the context's namespace. */
    public List<ObjectNode> render(GoldenPathVersion version, RenderContext context) {
        String yaml;
        try {
            yaml = templateOf(version).data(data(context)).render();
        } catch (TemplateException e) {
            throw renderFailed(version, e.getMessage());
        }
        // A value the caller gave (a parameter) can make a line long enough to cost seconds to parse.
        Optional<YamlLineLimit.LongLine> longLine = YamlLineLimit.firstLongLine(yaml);
        if (longLine.isPresent()) {
            throw renderFailed(version, "in the YAML it produced, " + longLine.get().describe());
        }
        List<ObjectNode> objects = new ArrayList<>();
        PodTemplatePlacement placement = new PodTemplatePlacement(context.podTemplate());
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                objects.add(checkedObject(version, placement.placed(document), objects.size(), context.namespace()));
            }
        } catch (IOException e) {
            throw renderFailed(version, "the template did not produce valid YAML: " + e.getMessage());
        }
        return objects;
    }

    private static ObjectNode checkedObject(GoldenPathVersion version, JsonNode document, int index, String namespace) {
        if (!document.isObject()) {
            throw renderFailed(version, "document " + index + " is not a Kubernetes object");
        }
        ObjectNode object = (ObjectNode) document;
        for (String field : List.of("/apiVersion", "/kind", "/metadata/name")) {
            if (!object.at(field).isTextual() || object.at(field).asText().isBlank()) {
                throw renderFailed(version, "document " + index + " has no " + field.substring(1));
            }
        }
        ((ObjectNode) object.get("metadata")).put("namespace", namespace);
        return object;
    }

    private Map<String, Object> data(RenderContext context) {
        Map<String, Object> data = JSON.convertValue(context, new TypeReference<>() {
        });
        data.put("podTemplate", PodTemplatePlacement.STAND_IN);
        return data;
    }

    private Template templateOf(GoldenPathVersion version) {
        return templates.computeIfAbsent(key(version), key -> {
            try {
                return engine.parse(version.template());
            } catch (TemplateException e) {
                throw renderFailed(version, e.getMessage());
            }
        });
    }

    private JsonSchema schemaOf(GoldenPathVersion version) {
        return schemas.computeIfAbsent(key(version), key -> {
            try {
                return SCHEMAS.getSchema(JSON.readTree(version.parametersSchema()), SCHEMA_CONFIG);
            } catch (JsonProcessingException | RuntimeException e) {
                throw renderFailed(version, "its parameters schema cannot be read: " + e.getMessage());
            }
        });
    }

    private static String key(GoldenPathVersion version) {
        return version.name() + "@" + version.version();
    }

    /** Where an error is: a missing or unexpected property is pointed at itself, not at its parent. */
    private static String location(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        boolean aboutProperty = "required".equals(message.getType())
                || "additionalProperties".equals(message.getType())
                || "unevaluatedProperties".equals(message.getType());
        return aboutProperty && message.getProperty() != null
                ? location + "/" + JsonPointers.escape(message.getProperty())
                : location;
    }

    private static ProblemException renderFailed(GoldenPathVersion version, String why) {
        return new ProblemException(422, RENDER_FAILED,
                "Golden path " + version.name() + " " + version.version() + " could not be rendered: " + why);
    }

    /**
     * The pod template reaches the template as a short stand-in, a JSON object of its own, and takes
     * its place in the parsed documents: the YAML parser never reads the pod template, the largest
     * part of most objects. Where the stand-in ended up in a string ({@code podTemplate.json}), the
     * pod template's JSON replaces it there, as if it had been written in its place.
     */
    private static final class PodTemplatePlacement {

        private static final String KEY = "paved.dev/pod-template";
        /** Unguessable, so that no other value of a template is taken for it. */
        private static final String NONCE = UUID.randomUUID().toString();
        static final String STAND_IN = "{\"" + KEY + "\":\"" + NONCE + "\"}";

        private final ObjectNode podTemplate;
        private String json;

        PodTemplatePlacement(ObjectNode podTemplate) {
            this.podTemplate = podTemplate;
        }

        JsonNode placed(JsonNode node) {
            if (node.isObject()) {
                if (node.size() == 1 && NONCE.equals(node.path(KEY).textValue())) {
                    return podTemplate.deepCopy();
                }
                ObjectNode object = (ObjectNode) node;
                object.properties().forEach(field -> field.setValue(placed(field.getValue())));
            } else if (node.isArray()) {
                ArrayNode array = (ArrayNode) node;
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, placed(array.get(i)));
                }
            } else if (node.isTextual() && node.textValue().contains(NONCE)) {
                return TextNode.valueOf(node.textValue().replace(STAND_IN, json()));
            }
            return node;
        }

        private String json() {
            if (json == null) {
                json = podTemplate.toString();
            }
            return json;
        }
    }

    /** {@code value.json}: the value as JSON, which is also valid YAML in flow style. */
    private static final class JsonResolver implements ValueResolver {

        @Override
        public boolean appliesTo(EvalContext context) {
            return "json".equals(context.getName()) && ValueResolvers.hasNoParams(context);
        }

        @Override
        public CompletableFuture<Object> resolve(EvalContext context) {
            try {
                return CompletableFuture.completedFuture(JSON.writeValueAsString(context.getBase()));
            } catch (JsonProcessingException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
