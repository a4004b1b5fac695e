package dev.paved.provisioning.goldenpaths.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.paved.common.problem.JsonParseErrors;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.domain.Names;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;

/**
 * What a new golden path version must be before it is stored: a DNS-1123 name, a strict semantic
 * version, a known workload kind, a JSON Schema 2020-12 object (checked against the meta-schema,
 * bundled with the validator) and a template Qute parses, each of those two at most
 * {@link #MAX_TEXT_LENGTH} characters long. Each failure names its field by pointer.
 */
@ApplicationScoped
public class GoldenPathValidator {

    /**
     * The longest template and parameters schema, in characters: far more than a stream of a few
     * Kubernetes objects needs, and every version keeps both, answered with each read of its golden path.
     */
    public static final int MAX_TEXT_LENGTH = 262_144;
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final ObjectMapper json;
    private final JsonSchema metaSchema;
    // A standalone engine: parsing needs no templates, resolvers or the application's Qute set-up.
    private final Engine qute = Engine.builder().addDefaults().build();

    public GoldenPathValidator(ObjectMapper json) {
        this.json = json;
        this.metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                SchemaLocation.of(META_SCHEMA),
                SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());
    }

    public void check(GoldenPathVersion draft) {
        List<Violation> fields = new ArrayList<>();
        Names.checkLabel("/name", draft.name(), true, fields);
        if (draft.version() == null || draft.version().isEmpty()) {
            fields.add(Violation.at("/version", "is required"));
        } else if (SemanticVersion.parse(draft.version()).isEmpty()) {
            fields.add(Violation.at("/version", "must be a semantic version MAJOR.MINOR.PATCH, such as 1.4.0"));
        }
        if (WorkloadKind.of(draft.workloadKind()).isEmpty()) {
            fields.add(Violation.at("/workloadKind", "must be Deployment or CronJob"));
        }
        refuseUnstorable("/description", draft.description(), fields);
        refuseUnstorable("/template", draft.template(), fields);
        if (!fields.isEmpty()) {
            throw ProblemException.badRequest("INVALID_GOLDEN_PATH_VERSION",
                    "The golden path version is not valid.", fields.toArray(Violation[]::new));
        }
        checkSchema(draft.parametersSchema());
        checkTemplate(draft.template());
    }

    private static void refuseUnstorable(String pointer, String text, List<Violation> fields) {
        String refusal = UnstorableCharacters.refusal(text);
        if (refusal != null) {
            fields.add(Violation.at(pointer, refusal));
        }
    }

    private void checkSchema(String schema) {
        if (schema != null && schema.length() > MAX_TEXT_LENGTH) {
            throw invalidSchema(List.of(Violation.at("/parametersSchema", tooLong(schema, "a parameters schema"))));
        }
        JsonNode node;
        try {
            node = schema == null || schema.isBlank() ? null : json.readTree(schema);
        } catch (JsonProcessingException e) {
            throw invalidSchema(List.of(Violation.at("/parametersSchema",
                    "is not JSON: " + JsonParseErrors.message(e))));
        }
        if (node == null || !node.isObject()) {
            throw invalidSchema(List.of(Violation.at("/parametersSchema", "must be a JSON Schema object")));
        }
        List<Violation> unstorable = UnstorableCharacters.in("/parametersSchema", node);
        if (!unstorable.isEmpty()) {
            throw invalidSchema(unstorable);
        }
        // A keyword may break several rules of the meta-schema (type 12 is neither a name nor a list
        // of names): one violation per place, saying all of them.
        Map<String, Set<String>> messagesByPointer = new TreeMap<>();
        for (ValidationMessage message : metaSchema.validate(node)) {
            messagesByPointer.computeIfAbsent("/parametersSchema" + message.getInstanceLocation(),
                    pointer -> new LinkedHashSet<>()).add(message.getMessage());
        }
        if (!messagesByPointer.isEmpty()) {
            throw invalidSchema(messagesByPointer.entrySet().stream()
                    .map(entry -> Violation.at(entry.getKey(), String.join("; ", entry.getValue()))).toList());
        }
        if (!"object".equals(node.path("type").asText())) {
            throw invalidSchema(List.of(Violation.at("/parametersSchema/type",
                    "must be \"object\": parameters are named")));
        }
    }

    private static String tooLong(String text, String what) {
        return "is " + text.length() + " characters long; " + what + " may have at most " + MAX_TEXT_LENGTH;
    }

    private static ProblemException invalidSchema(List<Violation> violations) {
        return ProblemException.invalid("INVALID_PARAMETERS_SCHEMA",
                "The parameters schema is not a valid JSON Schema (2020-12).", violations);
    }

    private void checkTemplate(String template) {
        if (template == null || template.isBlank()) {
            throw ProblemException.invalid("INVALID_TEMPLATE", "The template is empty.",
                    List.of(Violation.at("/template", "is required")));
        }
        if (template.length() > MAX_TEXT_LENGTH) {
            throw ProblemException.invalid("INVALID_TEMPLATE", "The template is too long.",
                    List.of(Violation.at("/template", tooLong(template, "a template"))));
        }
        try {
            qute.parse(template);
        } catch (TemplateException e) {
            String line = e.getOrigin() == null ? "" : "line " + e.getOrigin().getLine() + ": ";
            throw ProblemException.invalid("INVALID_TEMPLATE", "The template does not parse.",
                    List.of(Violation.at("/template", line + e.getMessage())));
        }
    }
}
