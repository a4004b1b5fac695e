package dev.paved.provisioning.deployments.domain;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import dev.paved.common.problem.JsonParseErrors;
import dev.paved.common.problem.JsonPointers;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;
import dev.paved.common.yaml.YamlLineLimit;
import dev.paved.provisioning.deployments.domain.Placeholders.Scope;
import dev.paved.provisioning.deployments.domain.Placeholders.Use;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.File;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Format;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.HttpGet;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Port;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Probe;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Provision;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Quantities;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Resources;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.SecretRef;
import dev.paved.provisioning.deployments.domain.WorkloadSpec.Volume;
import dev.paved.provisioning.domain.Names;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Reads workload specs, native (JSON) or Score ({@code score.dev/v1b1}, YAML or JSON), into a
 * {@link WorkloadSpec}. Every problem of one document is reported at once, each with a JSON pointer
 * into the document as submitted: a 400 {@code INVALID_SPEC} when it is not JSON or YAML at all or
 * longer than {@link #MAX_SPEC_LENGTH}, a 400 {@code YAML_LINE_TOO_LONG} for YAML with a line that
 * {@link YamlLineLimit} refuses, a 422 {@code INVALID_WORKLOAD_SPEC} otherwise.
 */
public final class WorkloadSpecs {

    public static final String INVALID_SPEC = "INVALID_SPEC";
    public static final String INVALID_WORKLOAD_SPEC = "INVALID_WORKLOAD_SPEC";
    public static final String SCORE_API_VERSION = "score.dev/v1b1";
    /**
     * The longest spec, in characters: 1 MiB, the most a Kubernetes ConfigMap holds, and a spec's
     * variables and files become ConfigMaps. Checked before the spec is read.
     */
    public static final int MAX_SPEC_LENGTH = 1_048_576;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private static final Set<String> NATIVE_FIELDS = Set.of("name", "container", "goldenPath", "goldenPathVersion",
            "image", "command", "args", "replicas", "ports", "variables", "secretRefs", "files", "volumes",
            "resources", "livenessProbe", "readinessProbe", "parameters", "annotations", "provisions");
    private static final Set<String> SCORE_FIELDS = Set.of("apiVersion", "metadata", "containers", "service",
            "resources");
    private static final Set<String> SCORE_CONTAINER_FIELDS = Set.of("image", "command", "args", "variables",
            "files", "volumes", "resources", "livenessProbe", "readinessProbe");
    private static final Set<String> PORT_FIELDS = Set.of("port", "targetPort", "protocol");
    private static final Set<String> NATIVE_PORT_FIELDS = Set.of("name", "port", "targetPort", "protocol");
    private static final Set<String> RESOURCE_FIELDS = Set.of("type", "class", "id", "params");
    private static final Set<String> QUANTITY_FIELDS = Set.of("cpu", "memory");
    private static final Set<String> NATIVE_PROBE_FIELDS = Set.of("httpGet", "exec", "initialDelaySeconds",
            "periodSeconds");
    private static final Set<String> SCORE_PROBE_FIELDS = Set.of("httpGet", "exec");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ANNOTATION_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern FILE_MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[^\\u0000]*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");

    private WorkloadSpecs() {
    }

    public static WorkloadSpec parse(SubmittedSpec submitted) {
        if ((submitted.json() == null) == (submitted.scoreYaml() == null)) {
            throw ProblemException.badRequest(INVALID_SPEC,
                    "Submit exactly one workload spec: a native spec or a Score file.");
        }
        boolean yaml = submitted.scoreYaml() != null;
        String text = yaml ? submitted.scoreYaml() : submitted.json();
        if (text.length() > MAX_SPEC_LENGTH) {
            String refusal = "is " + text.length() + " characters long; a workload spec may have at most "
                    + MAX_SPEC_LENGTH;
            throw ProblemException.badRequest(INVALID_SPEC, "The workload spec " + refusal + ".",
                    Violation.at("", refusal));
        }
        if (yaml) {
            YamlLineLimit.check(text, document -> "");
        }
        JsonNode document = read(text, yaml);
        Reader in = new Reader();
        if (!document.isObject()) {
            throw ProblemException.invalid(INVALID_WORKLOAD_SPEC, "The workload spec is not valid.",
                    List.of(Violation.at("", "must be an object")));
        }
        List<Violation> unstorable = UnstorableCharacters.in("", document);
        if (!unstorable.isEmpty()) {
            throw ProblemException.invalid(INVALID_WORKLOAD_SPEC, "The workload spec is not valid.", unstorable);
        }
        ObjectNode spec = (ObjectNode) document;
        Draft draft = yaml || spec.has("apiVersion") ? readScore(spec, in) : readNative(spec, in);
        applyOverrides(draft, submitted, in);
        return in.finish(draft);
    }

    /** Reads a native spec already parsed, such as the canonical form a revision stores. */
    static WorkloadSpec parseNative(JsonNode document) {
        Reader in = new Reader();
        if (document == null || !document.isObject()) {
            throw ProblemException.invalid(INVALID_WORKLOAD_SPEC, "The workload spec is not valid.",
                    List.of(Violation.at("", "must be an object")));
        }
        return in.finish(readNative((ObjectNode) document, in));
    }

    /**
     * The one document of the text. A second document, or anything after the first, is refused rather
     * than ignored; so is a YAML alias, which the reader would otherwise take as its anchor's name
     * instead of the value it stands for.
     */
    private static JsonNode read(String text, boolean yaml) {
        String format = yaml ? "YAML" : "JSON";
        try (JsonParser parser = (yaml ? YAML : JSON).createParser(text)) {
            JsonNode document = (yaml ? YAML : JSON).readTree(yaml ? new AliasRefusingParser((YAMLParser) parser)
                    : parser);
            if (document == null || document.isMissingNode()) {
                throw ProblemException.badRequest(INVALID_SPEC, "The workload spec is empty.", Violation.at("",
                        "is empty"));
            }
            if (parser.nextToken() != null) {
                String where = where(parser.currentTokenLocation());
                throw ProblemException.badRequest(INVALID_SPEC, "The workload spec holds more than one " + format
                        + " document" + where + "; submit exactly one.", Violation.at("", "must be exactly one "
                                + "document, found another" + where));
            }
            return document;
        } catch (JsonProcessingException e) {
            String where = where(e.getLocation());
            String message = JsonParseErrors.message(e);
            throw ProblemException.badRequest(INVALID_SPEC, "The workload spec is not valid " + format + where + ": "
                    + message, Violation.at("", "not valid " + format + where));
        } catch (IOException e) {
            throw ProblemException.badRequest(INVALID_SPEC, "The workload spec cannot be read as " + format + ".",
                    Violation.at("", "not valid " + format));
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Refuses the first alias it reads, at its place in the document. */
    private static final class AliasRefusingParser extends JsonParserDelegate {

        AliasRefusingParser(YAMLParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            YAMLParser yaml = (YAMLParser) delegate();
            if (yaml.isCurrentAlias()) {
                String alias = "*" + yaml.getCurrentAnchor();
                throw ProblemException.badRequest(INVALID_SPEC, "The workload spec uses the YAML alias " + alias
                        + where(yaml.currentTokenLocation()) + "; write the value out instead.", Violation.at(
                                yaml.getParsingContext().pathAsPointer().toString(), "is the alias " + alias
                                        + "; write the value out instead"));
            }
            return token;
        }
    }

    /** The fields of a spec as read, before cross-field checks. */
    private static final class Draft {
        Format format;
        String name;
        String container = WorkloadSpec.DEFAULT_CONTAINER;
        String goldenPath;
        String goldenPathVersion;
        String image;
        String imagePointer;
        List<String> command;
        List<String> args;
        Integer replicas;
        List<Port> ports = List.of();
        String portsPointer;
        Map<String, String> variables = Map.of();
        Map<String, SecretRef> secretRefs = Map.of();
        String secretRefsPointer = "/secretRefs";
        List<File> files = List.of();
        String filesPointer;
        List<Volume> volumes = List.of();
        String volumesPointer;
        Resources resources;
        Probe livenessProbe;
        Probe readinessProbe;
        ObjectNode parameters;
        Map<String, String> annotations = Map.of();
        Map<String, Provision> provisions = Map.of();
    }

    private static Draft readNative(ObjectNode spec, Reader in) {
        in.onlyFields(spec, "", NATIVE_FIELDS);
        Draft draft = new Draft();
        draft.format = Format.NATIVE;
        draft.name = in.workloadName(spec.get("name"), "/name");
        draft.annotations = in.annotations(spec.get("annotations"), "/annotations");
        draft.provisions = in.provisions(spec.get("provisions"), "/provisions");
        Scope scope = in.scope(draft, "/provisions");
        String container = in.text(spec.get("container"), "/container");
        if (container != null) {
            Names.checkLabel("/container", container, true, in.violations);
            draft.container = container;
        }
        draft.goldenPath = in.text(spec.get("goldenPath"), "/goldenPath");
        Names.checkLabel("/goldenPath", draft.goldenPath, false, in.violations);
        draft.goldenPathVersion = in.version(spec.get("goldenPathVersion"), "/goldenPathVersion");
        readContainer(spec, "", scope, in, draft, NATIVE_PROBE_FIELDS);
        draft.replicas = in.integer(spec.get("replicas"), "/replicas", 0, 1000);
        draft.ports = in.list(spec.get("ports"), "/ports", (port, pointer) -> in.port(port, pointer, null));
        draft.portsPointer = "/ports";
        draft.secretRefs = in.secretRefs(spec.get("secretRefs"), "/secretRefs");
        draft.volumes = in.list(spec.get("volumes"), "/volumes", (volume, pointer) -> in.nativeVolume(volume, pointer,
                scope));
        JsonNode parameters = spec.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            if (parameters.isObject()) {
                draft.parameters = ((ObjectNode) parameters).deepCopy();
            } else {
                in.violations.add(Violation.at("/parameters", "must be an object"));
            }
        }
        return draft;
    }

    private static Draft readScore(ObjectNode spec, Reader in) {
        in.onlyFields(spec, "", SCORE_FIELDS);
        Draft draft = new Draft();
        draft.format = Format.SCORE;
        String apiVersion = in.text(spec.get("apiVersion"), "/apiVersion");
        if (!SCORE_API_VERSION.equals(apiVersion)) {
            in.violations.add(Violation.at("/apiVersion", "must be " + SCORE_API_VERSION));
        }
        ObjectNode metadata = in.object(spec.get("metadata"), "/metadata", true);
        if (metadata != null) {
            in.onlyFields(metadata, "/metadata", Set.of("name", "annotations"));
            draft.name = in.workloadName(metadata.get("name"), "/metadata/name");
            draft.annotations = in.annotations(metadata.get("annotations"), "/metadata/annotations");
        }
        draft.provisions = in.provisions(spec.get("resources"), "/resources");
        Scope scope = in.scope(draft, "/resources");
        ObjectNode containers = in.object(spec.get("containers"), "/containers", true);
        if (containers != null) {
            if (containers.size() != 1) {
                in.violations.add(Violation.at("/containers", "must name exactly one container; "
                        + "a golden path adds what runs beside it"));
            }
            Iterator<Map.Entry<String, JsonNode>> entries = containers.fields();
            if (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String pointer = "/containers/" + JsonPointers.escape(entry.getKey());
                Names.checkLabel(pointer, entry.getKey(), true, in.violations);
                draft.container = entry.getKey();
                ObjectNode container = in.object(entry.getValue(), pointer, true);
                if (container != null) {
                    in.onlyFields(container, pointer, SCORE_CONTAINER_FIELDS);
                    readContainer(container, pointer, scope, in, draft, SCORE_PROBE_FIELDS);
                    draft.volumes = in.scoreVolumes(container.get("volumes"), pointer + "/volumes", scope);
                }
            }
        }
        ObjectNode service = in.object(spec.get("service"), "/service", false);
        if (service != null) {
            in.onlyFields(service, "/service", Set.of("ports"));
            draft.ports = in.map(service.get("ports"), "/service/ports", (name, port, pointer) -> in.port(port,
                    pointer, name)).values().stream().toList();
            draft.portsPointer = "/service/ports";
        }
        return draft;
    }

    /** The fields native specs and Score containers share, at {@code base} in the document. */
    private static void readContainer(ObjectNode container, String base, Scope scope, Reader in, Draft draft,
            Set<String> probeFields) {
        draft.imagePointer = base + "/image";
        draft.image = in.text(container.get("image"), draft.imagePointer);
        if (draft.image == null) {
            in.violations.add(Violation.at(draft.imagePointer, "is required"));
        } else {
            try {
                ImageReference.parse(draft.image);
            } catch (IllegalArgumentException e) {
                in.violations.add(Violation.at(draft.imagePointer, e.getMessage()));
            }
        }
        draft.command = in.strings(container.get("command"), base + "/command", scope);
        draft.args = in.strings(container.get("args"), base + "/args", scope);
        draft.variables = in.variables(container.get("variables"), base + "/variables", scope);
        draft.filesPointer = base + "/files";
        draft.volumesPointer = base + "/volumes";
        draft.files = in.list(container.get("files"), draft.filesPointer, (file, pointer) -> in.file(file, pointer,
                base.isEmpty() ? "path" : "target", scope));
        draft.resources = in.resources(container.get("resources"), base + "/resources");
        draft.livenessProbe = in.probe(container.get("livenessProbe"), base + "/livenessProbe", probeFields);
        draft.readinessProbe = in.probe(container.get("readinessProbe"), base + "/readinessProbe", probeFields);
    }

    private static void applyOverrides(Draft draft, SubmittedSpec submitted, Reader in) {
        if (submitted.goldenPath() != null) {
            if (!Names.isLabel(submitted.goldenPath())) {
                in.violations.add(Violation.parameter("goldenPath", "must be a golden path's name"));
            }
            draft.goldenPath = submitted.goldenPath();
        }
        if (submitted.goldenPathVersion() != null) {
            if (!VERSION.matcher(submitted.goldenPathVersion()).matches()) {
                in.violations.add(Violation.parameter("goldenPathVersion", "must be a version such as 1.0.0"));
            }
            draft.goldenPathVersion = submitted.goldenPathVersion();
        }
        if (submitted.replicas() != null) {
            if (submitted.replicas() < 0 || submitted.replicas() > 1000) {
                in.violations.add(Violation.parameter("replicas", "must be between 0 and 1000"));
            }
            draft.replicas = submitted.replicas();
        }
        if (submitted.parameters() != null && !submitted.parameters().isEmpty()) {
            ObjectNode parameters = draft.parameters == null ? JSON.createObjectNode() : draft.parameters;
            submitted.parameters().forEach((name, value) -> parameters.set(name, scalar(value)));
            draft.parameters = parameters;
        }
    }

    /** A query parameter's value as the JSON scalar it spells: a number, a boolean, or else text. */
    private static JsonNode scalar(String value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            node = null;
        }
        return node != null && (node.isNumber() || node.isBoolean()) ? node : TextNode.valueOf(value);
    }

    /** Reads one entry of a map: its key, its value, and where the value is. */
    @FunctionalInterface
    private interface EntryReader<T> {
        T read(String key, JsonNode value, String pointer);
    }

    /** Reads the parts of one document, collecting what is wrong with them. */
    private static final class Reader {

        final List<Violation> violations = new ArrayList<>();

        WorkloadSpec finish(Draft draft) {
            Set<String> clash = new HashSet<>(draft.secretRefs.keySet());
            clash.retainAll(draft.variables.keySet());
            clash.stream().sorted().forEach(env -> violations.add(Violation.at(draft.secretRefsPointer + "/"
                    + JsonPointers.escape(env), "is also a variable; a name is either a variable or a secret")));
            unique(draft.ports, Port::name, draft.portsPointer, "ports named");
            unique(draft.ports, port -> Integer.toString(port.port()), draft.portsPointer, "ports numbered");
            unique(draft.files, File::path, draft.filesPointer, "files at");
            unique(draft.volumes, Volume::path, draft.volumesPointer, "volumes at");
            if (!violations.isEmpty()) {
                throw ProblemException.invalid(INVALID_WORKLOAD_SPEC, "The workload spec is not valid: "
                        + violations.size() + (violations.size() == 1 ? " problem." : " problems."), violations);
            }
            return new WorkloadSpec(draft.name, draft.container, draft.goldenPath, draft.goldenPathVersion,
                    draft.image, draft.command, draft.args, draft.replicas, List.copyOf(draft.ports), draft.variables,
                    draft.secretRefs, List.copyOf(draft.files), List.copyOf(draft.volumes), draft.resources,
                    draft.livenessProbe, draft.readinessProbe, draft.parameters, draft.annotations, draft.provisions,
                    draft.format);
        }

        private <T> void unique(List<T> items, Function<T, String> key, String pointer, String what) {
            Set<String> seen = new HashSet<>();
            items.stream().map(key).filter(value -> !seen.add(value)).distinct().forEach(value ->
                    violations.add(Violation.at(pointer, "has two " + what + " " + value)));
        }

        /** What placeholders can name; checks the params of each resource, whose metadata placeholders it substitutes. */
        Scope scope(Draft draft, String provisionsPointer) {
            Map<String, ResourceType> resources = new LinkedHashMap<>();
            draft.provisions.forEach((name, provision) -> resources.put(name,
                    ResourceType.of(provision.type()).orElse(null)));
            Scope scope = new Scope(draft.name == null ? "" : draft.name, draft.annotations, resources);
            draft.provisions.forEach((name, provision) -> {
                ResourceType type = resources.get(name);
                if (type != null && provision.params() != null) {
                    params(provision.params(), type, provisionsPointer + "/" + name + "/params", scope);
                }
            });
            return scope;
        }

        private void params(ObjectNode params, ResourceType type, String pointer, Scope scope) {
            params.fields().forEachRemaining(param -> {
                String at = pointer + "/" + JsonPointers.escape(param.getKey());
                if (!type.params().contains(param.getKey())) {
                    violations.add(Violation.at(at, type.params().isEmpty() ? type.id() + " resources take no params"
                            : "unknown param of a " + type.id() + " resource; known are " + type.params()));
                } else if (param.getKey().equals("port")) {
                    integer(param.getValue(), at, 1, 65535);
                } else if (param.getKey().equals("size")) {
                    quantity(param.getValue(), at);
                } else {
                    String value = text(param.getValue(), at);
                    if (value != null) {
                        int before = violations.size();
                        String resolved = Placeholders.resolveMetadata(value, at, scope, Use.METADATA, violations);
                        if (violations.size() == before) {
                            checkParam(param.getKey(), resolved, at);
                        }
                        param.setValue(TextNode.valueOf(resolved));
                    }
                }
            });
        }

        void onlyFields(ObjectNode node, String pointer, Set<String> allowed) {
            node.fieldNames().forEachRemaining(field -> {
                if (!allowed.contains(field)) {
                    violations.add(Violation.at(pointer + "/" + JsonPointers.escape(field), "unknown field"));
                }
            });
        }

        ObjectNode object(JsonNode node, String pointer, boolean required) {
            if (node == null || node.isNull()) {
                if (required) {
                    violations.add(Violation.at(pointer, "is required"));
                }
                return null;
            }
            if (!node.isObject()) {
                violations.add(Violation.at(pointer, "must be an object"));
                return null;
            }
            return (ObjectNode) node;
        }

        String text(JsonNode node, String pointer) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                violations.add(Violation.at(pointer, "must be a string"));
                return null;
            }
            return node.textValue();
        }

        Integer integer(JsonNode node, String pointer, int min, int max) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                violations.add(Violation.at(pointer, "must be an integer"));
                return null;
            }
            if (node.intValue() < min || node.intValue() > max) {
                violations.add(Violation.at(pointer, "must be between " + min + " and " + max));
                return null;
            }
            return node.intValue();
        }

        String workloadName(JsonNode node, String pointer) {
            String name = text(node, pointer);
            Names.checkLabel(pointer, name, true, violations);
            if (name != null && Names.isLabel(name) && !Character.isLetter(name.charAt(0))) {
                violations.add(Violation.at(pointer, "must start with a letter: it names the workload's Service"));
            }
            return name;
        }

        String version(JsonNode node, String pointer) {
            String version = text(node, pointer);
            if (version != null && !VERSION.matcher(version).matches()) {
                violations.add(Violation.at(pointer, "must be a version such as 1.0.0"));
            }
            return version;
        }

        <T> List<T> list(JsonNode node, String pointer, BiFunction<JsonNode, String, T> item) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                violations.add(Violation.at(pointer, "must be a list"));
                return List.of();
            }
            List<T> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                T value = item.apply(node.get(i), pointer + "/" + i);
                if (value != null) {
                    items.add(value);
                }
            }
            return items;
        }

        <T> Map<String, T> map(JsonNode node, String pointer, EntryReader<T> entry) {
            ObjectNode object = object(node, pointer, false);
            if (object == null) {
                return Map.of();
            }
            Map<String, T> entries = new LinkedHashMap<>();
            object.fields().forEachRemaining(field -> {
                T value = entry.read(field.getKey(), field.getValue(),
                        pointer + "/" + JsonPointers.escape(field.getKey()));
                if (value != null) {
                    entries.put(field.getKey(), value);
                }
            });
            return Collections.unmodifiableMap(entries);
        }

        List<String> strings(JsonNode node, String pointer, Scope scope) {
            if (node == null || node.isNull()) {
                return null;
            }
            return list(node, pointer, (item, at) -> {
                String value = text(item, at);
                return value == null ? null : Placeholders.resolveMetadata(value, at, scope, Use.ENVIRONMENT,
                        violations);
            });
        }

        Map<String, String> annotations(JsonNode node, String pointer) {
            return map(node, pointer, (key, value, at) -> {
                if (!ANNOTATION_KEY.matcher(key).matches() || key.length() > 316) {
                    violations.add(Violation.at(at, "is not an annotation key: an optional DNS prefix and '/', "
                            + "then at most 63 letters, digits, '-', '_' and '.'"));
                }
                return text(value, at);
            });
        }

        Map<String, String> variables(JsonNode node, String pointer, Scope scope) {
            return map(node, pointer, (name, value, at) -> {
                checkEnvName(name, at);
                String text = value != null && (value.isNumber() || value.isBoolean()) ? value.asText()
                        : text(value, at);
                return text == null ? null : Placeholders.resolveMetadata(text, at, scope, Use.ENVIRONMENT,
                        violations);
            });
        }

        private void checkEnvName(String name, String at) {
            if (!ENV_NAME.matcher(name).matches()) {
                violations.add(Violation.at(at, "is not an environment variable name: letters, digits, '_', '-' "
                        + "and '.', not starting with a digit"));
            }
        }

        Map<String, SecretRef> secretRefs(JsonNode node, String pointer) {
            return map(node, pointer, (name, value, at) -> {
                checkEnvName(name, at);
                ObjectNode ref = object(value, at, true);
                if (ref == null) {
                    return null;
                }
                onlyFields(ref, at, Set.of("secret", "key"));
                String secret = text(ref.get("secret"), at + "/secret");
                String key = text(ref.get("key"), at + "/key");
                if (secret == null || secret.length() > 253 || !DNS_SUBDOMAIN.matcher(secret).matches()) {
                    violations.add(Violation.at(at + "/secret", "must name a Secret of the environment"));
                }
                if (key == null || !SECRET_KEY.matcher(key).matches()) {
                    violations.add(Violation.at(at + "/key", "must name a key of the Secret"));
                }
                return new SecretRef(secret, key);
            });
        }

        Port port(JsonNode node, String pointer, String scoreName) {
            ObjectNode port = object(node, pointer, true);
            if (port == null) {
                return null;
            }
            onlyFields(port, pointer, scoreName == null ? NATIVE_PORT_FIELDS : PORT_FIELDS);
            Integer number = integer(port.get("port"), pointer + "/port", 1, 65535);
            if (number == null && port.get("port") == null) {
                violations.add(Violation.at(pointer + "/port", "is required"));
            }
            Integer target = integer(port.get("targetPort"), pointer + "/targetPort", 1, 65535);
            String protocol = text(port.get("protocol"), pointer + "/protocol");
            if (protocol != null && !PROTOCOLS.contains(protocol)) {
                violations.add(Violation.at(pointer + "/protocol", "must be one of " + PROTOCOLS));
            }
            String name = scoreName == null ? text(port.get("name"), pointer + "/name") : scoreName;
            if (name == null && number != null) {
                name = "port-" + number;
            }
            if (name != null && (name.length() > 15 || !PORT_NAME.matcher(name).matches()
                    || name.chars().noneMatch(Character::isLetter))) {
                violations.add(Violation.at(scoreName == null ? pointer + "/name" : pointer,
                        "is not a port name: at most 15 lowercase letters, digits and '-', with a letter"));
            }
            if (number == null) {
                return null;
            }
            return new Port(name, number, target == null ? number : target, protocol == null ? "TCP" : protocol);
        }

        File file(JsonNode node, String pointer, String pathField, Scope scope) {
            ObjectNode file = object(node, pointer, true);
            if (file == null) {
                return null;
            }
            onlyFields(file, pointer, Set.of(pathField, "content", "mode"));
            String path = text(file.get(pathField), pointer + "/" + pathField);
            if (path == null || !ABSOLUTE_PATH.matcher(path).matches() || path.endsWith("/")
                    || path.contains("/../") || path.contains("//")) {
                violations.add(Violation.at(pointer + "/" + pathField, "must be an absolute path to a file"));
            }
            String content = text(file.get("content"), pointer + "/content");
            if (content == null) {
                violations.add(Violation.at(pointer + "/content", "is required"));
                return null;
            }
            String mode = text(file.get("mode"), pointer + "/mode");
            if (mode != null && !FILE_MODE.matcher(mode).matches()) {
                violations.add(Violation.at(pointer + "/mode", "must be an octal mode such as 0644"));
            }
            return new File(path, Placeholders.resolveMetadata(content, pointer + "/content", scope, Use.PLAIN,
                    violations), mode);
        }

        Volume nativeVolume(JsonNode node, String pointer, Scope scope) {
            ObjectNode volume = object(node, pointer, true);
            if (volume == null) {
                return null;
            }
            onlyFields(volume, pointer, Set.of("path", "source", "subPath", "readOnly"));
            return volume(text(volume.get("path"), pointer + "/path"), pointer + "/path", volume, pointer,
                    "subPath", scope);
        }

        List<Volume> scoreVolumes(JsonNode node, String pointer, Scope scope) {
            return map(node, pointer, (target, value, at) -> {
                ObjectNode volume = object(value, at, true);
                if (volume == null) {
                    return null;
                }
                onlyFields(volume, at, Set.of("source", "path", "readOnly"));
                return volume(target, at, volume, at, "path", scope);
            }).values().stream().toList();
        }

        private Volume volume(String path, String pathPointer, ObjectNode volume, String pointer, String subPathField,
                Scope scope) {
            if (path == null || !ABSOLUTE_PATH.matcher(path).matches() || path.equals("/tmp")) {
                violations.add(Violation.at(pathPointer, "must be an absolute path other than /tmp"));
            }
            String source = text(volume.get("source"), pointer + "/source");
            if (source == null) {
                violations.add(Violation.at(pointer + "/source", "is required"));
                return null;
            }
            int before = violations.size();
            String resolved = Placeholders.resolveMetadata(source, pointer + "/source", scope, Use.PLAIN, violations);
            List<Placeholders.Segment> segments = Placeholders.segments(resolved);
            if (violations.size() == before && (segments.size() != 1 || !segments.get(0).isReference()
                    || scope.resources().get(segments.get(0).resource()) != ResourceType.VOLUME)) {
                violations.add(Violation.at(pointer + "/source", "must be ${resources.NAME} of a volume resource"));
            }
            String subPath = text(volume.get(subPathField), pointer + "/" + subPathField);
            JsonNode readOnly = volume.get("readOnly");
            if (readOnly != null && !readOnly.isBoolean()) {
                violations.add(Violation.at(pointer + "/readOnly", "must be true or false"));
            }
            return new Volume(path, resolved, subPath == null || subPath.isEmpty() ? null : subPath,
                    readOnly != null && readOnly.asBoolean());
        }

        Resources resources(JsonNode node, String pointer) {
            ObjectNode resources = object(node, pointer, false);
            if (resources == null) {
                return null;
            }
            onlyFields(resources, pointer, Set.of("requests", "limits"));
            return new Resources(quantities(resources.get("requests"), pointer + "/requests"),
                    quantities(resources.get("limits"), pointer + "/limits"));
        }

        private Quantities quantities(JsonNode node, String pointer) {
            ObjectNode quantities = object(node, pointer, false);
            if (quantities == null) {
                return null;
            }
            onlyFields(quantities, pointer, QUANTITY_FIELDS);
            return new Quantities(quantity(quantities.get("cpu"), pointer + "/cpu"),
                    quantity(quantities.get("memory"), pointer + "/memory"));
        }

        String quantity(JsonNode node, String pointer) {
            String value = node != null && node.isNumber() ? node.asText() : text(node, pointer);
            if (value == null) {
                return null;
            }
            try {
                if (Quantity.getAmountInBytes(new Quantity(value)).compareTo(BigDecimal.ZERO) <= 0) {
                    violations.add(Violation.at(pointer, "must be more than zero"));
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                violations.add(Violation.at(pointer, "is not a Kubernetes quantity such as 250m, 1 or 512Mi"));
            }
            return value;
        }

        Probe probe(JsonNode node, String pointer, Set<String> allowed) {
            ObjectNode probe = object(node, pointer, false);
            if (probe == null) {
                return null;
            }
            onlyFields(probe, pointer, allowed);
            ObjectNode httpGet = object(probe.get("httpGet"), pointer + "/httpGet", false);
            ObjectNode exec = object(probe.get("exec"), pointer + "/exec", false);
            if ((httpGet == null) == (exec == null)) {
                violations.add(Violation.at(pointer, "must have exactly one of httpGet and exec"));
            }
            HttpGet get = null;
            if (httpGet != null) {
                onlyFields(httpGet, pointer + "/httpGet", Set.of("path", "port", "scheme"));
                String path = text(httpGet.get("path"), pointer + "/httpGet/path");
                if (path == null || !path.startsWith("/")) {
                    violations.add(Violation.at(pointer + "/httpGet/path", "must be a path starting with /"));
                }
                JsonNode port = httpGet.get("port");
                String portText = port == null ? null : port.asText();
                if (port == null || !(port.isTextual() && PORT_NAME.matcher(portText).matches()
                        || port.isIntegralNumber() && port.asInt() >= 1 && port.asInt() <= 65535)) {
                    violations.add(Violation.at(pointer + "/httpGet/port", "must be a port number or a port's name"));
                }
                String scheme = text(httpGet.get("scheme"), pointer + "/httpGet/scheme");
                if (scheme != null && !Set.of("HTTP", "HTTPS").contains(scheme)) {
                    violations.add(Violation.at(pointer + "/httpGet/scheme", "must be HTTP or HTTPS"));
                }
                get = new HttpGet(path, portText, scheme);
            }
            List<String> command = null;
            if (exec != null) {
                onlyFields(exec, pointer + "/exec", Set.of("command"));
                command = list(exec.get("command"), pointer + "/exec/command", this::text);
                if (command.isEmpty()) {
                    violations.add(Violation.at(pointer + "/exec/command", "must name a command"));
                }
            }
            return new Probe(get, command, integer(probe.get("initialDelaySeconds"), pointer + "/initialDelaySeconds",
                    0, 3600), integer(probe.get("periodSeconds"), pointer + "/periodSeconds", 1, 3600));
        }

        private void checkParam(String name, String value, String pointer) {
            if (name.equals("host") && (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches())) {
                violations.add(Violation.at(pointer, "must be a host name in lowercase"));
            } else if (name.equals("path") && !value.startsWith("/")) {
                violations.add(Violation.at(pointer, "must start with /"));
            } else if (name.equals("storageClass") && !DNS_SUBDOMAIN.matcher(value).matches()) {
                violations.add(Violation.at(pointer, "must name a StorageClass"));
            }
        }

        Map<String, Provision> provisions(JsonNode node, String pointer) {
            return map(node, pointer, (name, value, at) -> {
                Names.checkLabel(at, name, true, violations);
                ObjectNode resource = object(value, at, true);
                if (resource == null) {
                    return null;
                }
                onlyFields(resource, at, RESOURCE_FIELDS);
                String type = text(resource.get("type"), at + "/type");
                if (type == null) {
                    violations.add(Violation.at(at + "/type", "is required"));
                    return null;
                }
                if (ResourceType.of(type).isEmpty()) {
                    violations.add(Violation.at(at + "/type", "unknown resource type '" + type + "'; known are "
                            + ResourceType.ids()));
                }
                ObjectNode params = object(resource.get("params"), at + "/params", false);
                return new Provision(type, text(resource.get("class"), at + "/class"),
                        text(resource.get("id"), at + "/id"), params == null ? null : params.deepCopy());
            });
        }
    }
}
