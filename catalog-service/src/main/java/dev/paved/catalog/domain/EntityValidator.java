package dev.paved.catalog.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;

/**
 * Checks one descriptor: the envelope (apiVersion, kind, metadata) and the kind's spec against
 * their JSON Schemas, then every entity reference in the spec. Violations point into the request
 * body as {@code /<document index>/<path in the document>}.
 */
@ApplicationScoped
public class EntityValidator {

    private static final String ENVELOPE_SCHEMA = "schemas/entity.schema.json";
    /** Below this many documents, handing parts of a batch to other threads costs more than it saves. */
    private static final int PARALLEL_BATCH = 256;

    private final ObjectMapper json;
    private final CatalogConfig config;
    private final JsonSchema envelope;
    private final Map<EntityKind, JsonSchema> specs = new EnumMap<>(EntityKind.class);

    public EntityValidator(ObjectMapper json, CatalogConfig config) {
        this.json = json;
        this.config = config;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig schemaConfig = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        this.envelope = factory.getSchema(read(ENVELOPE_SCHEMA), schemaConfig);
        for (EntityKind kind : EntityKind.values()) {
            specs.put(kind, factory.getSchema(read(kind.schemaResource()), schemaConfig));
        }
    }

    /**
     * One outcome per document, in order. The documents of a batch are independent, so a large one is
     * checked on the common pool's threads as well: its ingest waits for validation before it writes.
     */
    public List<Outcome> validateAll(List<JsonNode> documents) {
        IntStream indexes = IntStream.range(0, documents.size());
        if (documents.size() >= PARALLEL_BATCH) {
            indexes = indexes.parallel();
        }
        return indexes.mapToObj(i -> validate(i, documents.get(i))).toList();
    }

    /** The validated entity, or the violations that keep it out of the catalog. */
    private Outcome validate(int index, JsonNode document) {
        return validate(index, "/" + index, document);
    }

    /** Validates a document that is the whole body: pointers start at its root. */
    public Outcome validateSingle(JsonNode document) {
        return validate(0, "", document);
    }

    private Outcome validate(int index, String at, JsonNode document) {
        if (!(document instanceof ObjectNode entity)) {
            return Outcome.rejected(List.of(Violation.at(at, "must be an object (an entity)")));
        }
        List<Violation> unstorable = UnstorableCharacters.in(at, entity);
        if (!unstorable.isEmpty()) {
            return Outcome.rejected(unstorable);
        }
        Map<String, Violation> violations = new LinkedHashMap<>();
        collect(at, envelope.validate(entity), violations);
        if (!violations.isEmpty()) {
            return Outcome.rejected(List.copyOf(violations.values()));
        }
        String kindName = entity.get("kind").asText();
        EntityKind kind = EntityKind.of(kindName).orElse(null);
        if (kind == null) {
            return Outcome.rejected(List.of(Violation.at(at + "/kind",
                    "is not a known kind; use one of " + EntityKind.knownNames())));
        }
        String apiVersion = entity.get("apiVersion").asText();
        if (!kind.apiVersions().contains(apiVersion)) {
            return Outcome.rejected(List.of(Violation.at(at + "/apiVersion",
                    "must be one of " + String.join(", ", kind.apiVersions().stream().sorted().toList())
                            + " for kind " + kind.kindName())));
        }
        collect(at, specs.get(kind).validate(entity), violations);
        if (!violations.isEmpty()) {
            return Outcome.rejected(List.copyOf(violations.values()));
        }

        ObjectNode descriptor = normalized(entity);
        String namespace = descriptor.get("metadata").get("namespace").asText();
        EntityRef ref = new EntityRef(kind.kindName(), namespace, descriptor.get("metadata").get("name").asText());
        List<DeclaredRelation> relations = new ArrayList<>();
        EntityRef owner = null;
        JsonNode spec = descriptor.path("spec");
        List<Violation> refViolations = new ArrayList<>();
        for (EntityKind.RelationField field : kind.relationFields()) {
            JsonNode value = spec.get(field.field());
            if (value == null || value.isNull()) {
                continue;
            }
            String pointer = at + "/spec/" + field.field();
            if (field.list()) {
                for (int i = 0; i < value.size(); i++) {
                    EntityRef target = target(value.get(i).asText(), field, namespace, pointer + "/" + i,
                            refViolations);
                    if (target != null) {
                        relations.add(new DeclaredRelation(field.type(), target));
                    }
                }
            } else {
                EntityRef target = target(value.asText(), field, namespace, pointer, refViolations);
                if (target != null) {
                    relations.add(new DeclaredRelation(field.type(), target));
                    if (field.type() == RelationType.OWNED_BY) {
                        owner = target;
                    }
                }
            }
        }
        if (!refViolations.isEmpty()) {
            return Outcome.rejected(refViolations);
        }
        String descriptorJson = write(descriptor);
        int size = descriptorJson.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxDocumentBytes()) {
            return Outcome.rejected(List.of(Violation.at(at, "is " + size + " bytes as JSON; an entity may have at most "
                    + config.maxDocumentBytes())));
        }
        return Outcome.accepted(new ValidatedEntity(index, kind, ref, descriptor, descriptorJson,
                List.copyOf(relations), owner));
    }

    private static EntityRef target(String text, EntityKind.RelationField field, String namespace, String pointer,
            List<Violation> violations) {
        EntityRef target = EntityRef.parse(text, field.defaultKind(), namespace).orElse(null);
        if (target == null) {
            violations.add(Violation.at(pointer, field.defaultKind() == null
                    ? "must be an entity reference with a kind, as in kind:namespace/name"
                    : "must be an entity reference, as in [kind:][namespace/]name"));
        }
        return target;
    }

    /** The descriptor as stored: namespace defaulted; uid, etag, relations and status are the catalog's to set. */
    private ObjectNode normalized(ObjectNode entity) {
        ObjectNode descriptor = entity.deepCopy();
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        if (!metadata.hasNonNull("namespace")) {
            metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
        }
        metadata.remove("uid");
        metadata.remove("etag");
        descriptor.remove("relations");
        descriptor.remove("status");
        return descriptor;
    }

    private static void collect(String at, Iterable<ValidationMessage> messages, Map<String, Violation> violations) {
        for (ValidationMessage message : messages) {
            String pointer = at + message.getInstanceLocation().toString();
            if ("required".equals(message.getType()) && message.getProperty() != null) {
                pointer = pointer + "/" + message.getProperty();
                violations.putIfAbsent(pointer, Violation.at(pointer, "is required"));
                continue;
            }
            violations.putIfAbsent(pointer, Violation.at(pointer, message.getError()));
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed descriptor cannot be written back", e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = EntityValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Either a validated entity or the reasons it was rejected. */
    public record Outcome(ValidatedEntity entity, List<Violation> violations) {

        static Outcome accepted(ValidatedEntity entity) {
            return new Outcome(entity, List.of());
        }

        static Outcome rejected(List<Violation> violations) {
            return new Outcome(null, violations);
        }

        public boolean isValid() {
            return entity != null;
        }
    }
}
