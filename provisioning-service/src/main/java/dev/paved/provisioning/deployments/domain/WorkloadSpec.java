package dev.paved.provisioning.deployments.domain;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.JsonPointers;

/**
 * What a developer asked to run, in Paved's own terms, whether it came as a native spec or as a
 * Score file. Placeholders of metadata are already substituted; {@code ${resources.NAME.OUTPUT}}
 * placeholders stay, because their values (credentials among them) are only known, or only
 * referenced, when the spec is rendered into an environment. {@link #toJson()} is the canonical
 * stored form, which {@link #fromJson(JsonNode)} reads back; {@code format} only says where in the
 * submitted document a field was, for pointers.
 */
public record WorkloadSpec(String name, String container, String goldenPath, String goldenPathVersion,
        String image, List<String> command, List<String> args, Integer replicas, List<Port> ports,
        Map<String, String> variables, Map<String, SecretRef> secretRefs, List<File> files, List<Volume> volumes,
        Resources resources, Probe livenessProbe, Probe readinessProbe, ObjectNode parameters,
        Map<String, String> annotations, Map<String, Provision> provisions, Format format) {

    public static final String DEFAULT_CONTAINER = "main";
    public static final String COMPONENT_ANNOTATION = "paved.dev/component";
    public static final String SIMULATE_ANNOTATION = "paved.dev/simulate";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The document a spec was submitted as. */
    public enum Format {
        NATIVE, SCORE
    }

    public record Port(String name, int port, int targetPort, String protocol) {
    }

    public record SecretRef(String secret, String key) {
    }

    /** A file written into the container; {@code mode} is octal, e.g. {@code 0644}. */
    public record File(String path, String content, String mode) {
    }

    /** A volume resource mounted at {@code path}; {@code source} is its {@code ${resources.NAME}} placeholder. */
    public record Volume(String path, String source, String subPath, boolean readOnly) {
    }

    public record Quantities(String cpu, String memory) {
    }

    public record Resources(Quantities requests, Quantities limits) {
    }

    public record HttpGet(String path, String port, String scheme) {
    }

    /** Either {@code httpGet} or {@code exec} is set. */
    public record Probe(HttpGet httpGet, List<String> exec, Integer initialDelaySeconds, Integer periodSeconds) {
    }

    /** A resource the workload needs, provisioned by the platform's provisioner for {@code type}. */
    public record Provision(String type, String resourceClass, String id, ObjectNode params) {
    }

    public static WorkloadSpec fromJson(JsonNode canonical) {
        return WorkloadSpecs.parseNative(canonical);
    }

    /** The workload's Component in the catalog, when it is not the application's. */
    public String component() {
        return annotations.get(COMPONENT_ANNOTATION);
    }

    /** Container name → image reference. */
    public Map<String, String> images() {
        return Map.of(container, image);
    }

    /** The same spec with the images of the named containers replaced, e.g. pinned by digest. */
    public WorkloadSpec withImages(Map<String, String> images) {
        for (String named : images.keySet()) {
            if (!named.equals(container)) {
                throw new IllegalArgumentException("no container named " + named);
            }
        }
        return new WorkloadSpec(name, container, goldenPath, goldenPathVersion, images.getOrDefault(container, image),
                command, args, replicas, ports, variables, secretRefs, files, volumes, resources, livenessProbe,
                readinessProbe, parameters, annotations, provisions, format);
    }

    /** The pointer to a field of the container in the submitted document. */
    public String pointerToContainer(String field) {
        return format == Format.SCORE ? "/containers/" + JsonPointers.escape(container) + "/" + field : "/" + field;
    }

    /** The pointer to a provisioned resource in the submitted document. */
    public String pointerToProvision(String resource) {
        return (format == Format.SCORE ? "/resources/" : "/provisions/") + JsonPointers.escape(resource);
    }

    public JsonNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", name);
        json.put("container", container);
        putIfSet(json, "goldenPath", goldenPath);
        putIfSet(json, "goldenPathVersion", goldenPathVersion);
        json.put("image", image);
        putStrings(json, "command", command);
        putStrings(json, "args", args);
        if (replicas != null) {
            json.put("replicas", replicas);
        }
        if (!ports.isEmpty()) {
            ArrayNode array = json.putArray("ports");
            ports.forEach(port -> array.addObject().put("name", port.name()).put("port", port.port())
                    .put("targetPort", port.targetPort()).put("protocol", port.protocol()));
        }
        putMap(json, "variables", variables);
        if (!secretRefs.isEmpty()) {
            ObjectNode refs = json.putObject("secretRefs");
            secretRefs.forEach((env, ref) -> refs.putObject(env).put("secret", ref.secret()).put("key", ref.key()));
        }
        if (!files.isEmpty()) {
            ArrayNode array = json.putArray("files");
            files.forEach(file -> putIfSet(array.addObject().put("path", file.path()).put("content", file.content()),
                    "mode", file.mode()));
        }
        if (!volumes.isEmpty()) {
            ArrayNode array = json.putArray("volumes");
            volumes.forEach(volume -> {
                ObjectNode entry = array.addObject().put("path", volume.path()).put("source", volume.source());
                putIfSet(entry, "subPath", volume.subPath());
                if (volume.readOnly()) {
                    entry.put("readOnly", true);
                }
            });
        }
        if (resources != null) {
            ObjectNode node = json.putObject("resources");
            putQuantities(node, "requests", resources.requests());
            putQuantities(node, "limits", resources.limits());
        }
        putProbe(json, "livenessProbe", livenessProbe);
        putProbe(json, "readinessProbe", readinessProbe);
        if (parameters != null && !parameters.isEmpty()) {
            json.set("parameters", parameters.deepCopy());
        }
        putMap(json, "annotations", annotations);
        if (!provisions.isEmpty()) {
            ObjectNode node = json.putObject("provisions");
            provisions.forEach((resource, provision) -> {
                ObjectNode entry = node.putObject(resource).put("type", provision.type());
                putIfSet(entry, "class", provision.resourceClass());
                putIfSet(entry, "id", provision.id());
                if (provision.params() != null && !provision.params().isEmpty()) {
                    entry.set("params", provision.params().deepCopy());
                }
            });
        }
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static void putStrings(ObjectNode json, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = json.putArray(field);
            values.forEach(array::add);
        }
    }

    private static void putMap(ObjectNode json, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode node = json.putObject(field);
            values.forEach(node::put);
        }
    }

    private static void putQuantities(ObjectNode json, String field, Quantities quantities) {
        if (quantities != null) {
            ObjectNode node = json.putObject(field);
            putIfSet(node, "cpu", quantities.cpu());
            putIfSet(node, "memory", quantities.memory());
        }
    }

    private static void putProbe(ObjectNode json, String field, Probe probe) {
        if (probe == null) {
            return;
        }
        ObjectNode node = json.putObject(field);
        if (probe.httpGet() != null) {
            ObjectNode httpGet = node.putObject("httpGet").put("path", probe.httpGet().path());
            String port = probe.httpGet().port();
            if (port.chars().allMatch(Character::isDigit)) {
                httpGet.put("port", Integer.parseInt(port));
            } else {
                httpGet.put("port", port);
            }
            putIfSet(httpGet, "scheme", probe.httpGet().scheme());
        } else {
            putStrings(node.putObject("exec"), "command", probe.exec());
        }
        if (probe.initialDelaySeconds() != null) {
            node.put("initialDelaySeconds", probe.initialDelaySeconds());
        }
        if (probe.periodSeconds() != null) {
            node.put("periodSeconds", probe.periodSeconds());
        }
    }
}
