package dev.paved.provisioning.deployments.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.deployments.domain.ResourceProvisioners.Output;
import dev.paved.provisioning.deployments.domain.ResourceProvisioners.Provisioned;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathRenderer;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import dev.paved.provisioning.goldenpaths.domain.RenderContext;
import dev.paved.provisioning.kubernetes.Labels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders a workload spec along a golden path into the objects of one environment: a hardened pod
 * template, the golden path's objects around it, and what the spec's resources provision, every
 * object labelled as Paved's and in the order it is applied. Secrets reach the container only by
 * reference: a resource's credentials never appear as values in what is rendered.
 */
@ApplicationScoped
public class DeploymentRenderer {

    static final String SERVICE_ACCOUNT = "workload";
    static final String TMP_VOLUME = "paved-tmp";
    static final String FILES_VOLUME = "paved-files";
    static final String METRICS_PATH = "/metrics";
    private static final List<String> APPLY_ORDER = List.of("ConfigMap", "PersistentVolumeClaim", "Service",
            "Deployment", "StatefulSet", "CronJob", "Job", "HorizontalPodAutoscaler", "PodDisruptionBudget");
    private static final String LAST_KIND = "Ingress";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private final GoldenPathRenderer goldenPaths;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public DeploymentRenderer(GoldenPathRenderer goldenPaths) {
        this.goldenPaths = goldenPaths;
    }

    public Rendering render(WorkloadSpec spec, GoldenPathVersion goldenPath, EnvironmentFacts environment,
            RenderSettings settings) {
        JsonNode parameters = goldenPaths.parameters(goldenPath, spec.parameters(), "/parameters");
        List<Violation> violations = new ArrayList<>();
        int replicas = replicas(spec, parameters, violations);
        Provisioned provisioned = ResourceProvisioners.provision(spec, environment, settings, violations);
        Map<String, String> labels = labels(spec, goldenPath, environment);
        Map<String, String> selector = selector(spec);

        List<HasMetadata> supporting = new ArrayList<>();
        Files files = files(spec, provisioned);
        if (files.configMap() != null) {
            supporting.add(files.configMap());
        }
        Container container = container(spec, provisioned, files, supporting);
        boolean cronJob = "CronJob".equals(goldenPath.workloadKind());
        boolean spread = !cronJob && Math.max(replicas, autoscaledMaximum(parameters)) > 1;
        PodTemplateSpec pod = podTemplate(spec, container, provisioned, files, labels, selector, spread, cronJob,
                settings);
        supporting.addAll(provisioned.objects());

        RenderContext context = new RenderContext(spec.name(), environment.namespace(), environment.name(),
                environment.team(), environment.application(), environment.stage(), labels, selector,
                spec.annotations(), replicas, spec.ports().stream().map(port -> new RenderContext.ServicePort(
                        port.name(), port.port(), port.targetPort(), port.protocol())).toList(),
                serialization.convertValue(pod, ObjectNode.class), settings.domain(settings.routeDomainPattern(), spec.name(), spec.name(),
                        environment), parameters);
        List<ObjectNode> manifests = new ArrayList<>(goldenPaths.render(goldenPath, context));
        for (HasMetadata object : supporting) {
            object.getMetadata().setNamespace(environment.namespace());
            manifests.add(serialization.convertValue(object, ObjectNode.class));
        }
        for (ObjectNode manifest : manifests) {
            ObjectNode metadata = (ObjectNode) manifest.get("metadata");
            ObjectNode objectLabels = metadata.withObjectProperty("labels");
            labels.forEach(objectLabels::put);
            if (manifest.path("kind").asText().equals(goldenPath.workloadKind()) && !spec.annotations().isEmpty()) {
                ObjectNode annotations = metadata.withObjectProperty("annotations");
                spec.annotations().forEach(annotations::put);
            }
        }
        checkTargets(spec, manifests, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(WorkloadSpecs.INVALID_WORKLOAD_SPEC, "The workload cannot be rendered along "
                    + goldenPath.name() + " " + goldenPath.version() + ".", violations);
        }
        manifests.sort(Comparator.comparingInt(DeploymentRenderer::applyRank));
        return new Rendering(List.copyOf(manifests), List.copyOf(provisioned.claims()), digest(manifests));
    }

    /** The replica count to run, or to start autoscaling from: the spec's, else the golden path's minimum. */
    private static int replicas(WorkloadSpec spec, JsonNode parameters, List<Violation> violations) {
        int replicas = spec.replicas() != null ? spec.replicas() : parameters.path("minReplicas").asInt(1);
        int maximum = autoscaledMaximum(parameters);
        if (maximum > 0 && replicas > maximum) {
            violations.add(Violation.at("/replicas", "exceeds the golden path's maxReplicas, " + maximum));
        }
        return replicas;
    }

    /** The most replicas autoscaling may run, 0 when the golden path does not autoscale. */
    private static int autoscaledMaximum(JsonNode parameters) {
        return parameters.path("autoscaling").asBoolean(false) ? parameters.path("maxReplicas").asInt(0) : 0;
    }

    private static Map<String, String> labels(WorkloadSpec spec, GoldenPathVersion goldenPath,
            EnvironmentFacts environment) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", spec.name());
        labels.put("app.kubernetes.io/instance", DerivedNames.label(spec.name(), environment.name()));
        labels.put(Labels.PART_OF, environment.application());
        String version = labelValue(ImageReference.parse(spec.image()).tag());
        if (version != null) {
            labels.put("app.kubernetes.io/version", version);
        }
        labels.put(Labels.MANAGED_BY, Labels.PAVED);
        String component = labelValue(spec.component());
        labels.put("app.kubernetes.io/component", component != null ? component : environment.application());
        labels.put(Labels.ENVIRONMENT, environment.name());
        labels.put(Labels.TEAM, environment.team());
        labels.put(Labels.APPLICATION, environment.application());
        labels.put(Labels.STAGE, environment.stage());
        labels.put(Labels.WORKLOAD, spec.name());
        labels.put(Labels.GOLDEN_PATH, goldenPath.name());
        return labels;
    }

    /** {@code value} when it is a valid label value, else null. */
    private static String labelValue(String value) {
        return value != null && value.length() <= 63 && LABEL_VALUE.matcher(value).matches() ? value : null;
    }

    /** What selects the workload's pods: stable across every change of the spec. */
    private static Map<String, String> selector(WorkloadSpec spec) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.WORKLOAD, spec.name());
        selector.put(Labels.MANAGED_BY, Labels.PAVED);
        return selector;
    }

    /** The ConfigMap of a spec's files and the key under which each file's path is held. */
    private record Files(HasMetadata configMap, Map<String, String> keys) {
    }

    private static Files files(WorkloadSpec spec, Provisioned provisioned) {
        if (spec.files().isEmpty()) {
            return new Files(null, Map.of());
        }
        Map<String, String> data = new TreeMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (WorkloadSpec.File file : spec.files()) {
            String key = file.path().substring(1).replaceAll("[^-._a-zA-Z0-9]", "_");
            while (data.containsKey(key)) {
                key = "_" + key;
            }
            data.put(key, text(Placeholders.segments(file.content()), provisioned));
            keys.put(file.path(), key);
        }
        return new Files(new ConfigMapBuilder().withNewMetadata().withName(hashed(spec.name() + "-files", data))
                .endMetadata().withImmutable(true).withData(data).build(), keys);
    }

    private static Container container(WorkloadSpec spec, Provisioned provisioned, Files files,
            List<HasMetadata> configMaps) {
        ContainerBuilder container = new ContainerBuilder().withName(spec.container()).withImage(spec.image())
                .withImagePullPolicy("IfNotPresent");
        Map<String, EnvVar> hidden = new TreeMap<>();
        if (spec.command() != null) {
            container.withCommand(spec.command().stream().map(arg -> expand(arg, provisioned, hidden, false)).toList());
        }
        if (spec.args() != null) {
            container.withArgs(spec.args().stream().map(arg -> expand(arg, provisioned, hidden, false)).toList());
        }
        Map<String, String> plain = new TreeMap<>();
        List<EnvVar> env = new ArrayList<>();
        new TreeMap<>(spec.variables()).forEach((name, value) -> {
            List<Placeholders.Segment> segments = Placeholders.segments(value);
            boolean secret = segments.stream().anyMatch(segment -> segment.isReference()
                    && output(provisioned, segment).isSecret());
            if (!secret) {
                plain.put(name, text(segments, provisioned));
            } else if (segments.size() == 1) {
                Output output = output(provisioned, segments.get(0));
                env.add(secretEnv(name, output.secretName(), output.secretKey()));
            } else {
                env.add(new EnvVarBuilder().withName(name).withValue(expand(value, provisioned, hidden, true)).build());
            }
        });
        new TreeMap<>(spec.secretRefs()).forEach((name, ref) -> env.add(secretEnv(name, ref.secret(), ref.key())));
        List<EnvVar> all = new ArrayList<>(hidden.values());
        all.addAll(env);
        container.withEnv(all);
        if (!plain.isEmpty()) {
            String name = hashed(spec.name() + "-env", plain);
            configMaps.add(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .withImmutable(true).withData(plain).build());
            container.addNewEnvFrom().withNewConfigMapRef().withName(name).endConfigMapRef().endEnvFrom();
        }
        spec.ports().forEach(port -> container.addToPorts(new ContainerPortBuilder().withName(port.name())
                .withContainerPort(port.targetPort()).withProtocol(port.protocol()).build()));
        if (spec.resources() != null) {
            ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
            quantities(spec.resources().requests()).forEach(resources::addToRequests);
            quantities(spec.resources().limits()).forEach(resources::addToLimits);
            container.withResources(resources.build());
        }
        container.withLivenessProbe(probe(spec.livenessProbe()));
        container.withReadinessProbe(probe(spec.readinessProbe()));
        container.withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext();
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        files.keys().forEach((path, key) -> mounts.add(new VolumeMountBuilder().withName(FILES_VOLUME)
                .withMountPath(path).withSubPath(key).withReadOnly(true).build()));
        spec.volumes().forEach(volume -> mounts.add(new VolumeMountBuilder()
                .withName(text(Placeholders.segments(volume.source()), provisioned)).withMountPath(volume.path())
                .withSubPath(volume.subPath()).withReadOnly(volume.readOnly() ? true : null).build()));
        container.withVolumeMounts(mounts);
        return container.build();
    }

    private static PodTemplateSpec podTemplate(WorkloadSpec spec, Container container, Provisioned provisioned,
            Files files, Map<String, String> labels, Map<String, String> selector, boolean spread, boolean cronJob,
            RenderSettings settings) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!spec.ports().isEmpty()) {
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", Integer.toString(spec.ports().get(0).targetPort()));
            annotations.put("prometheus.io/path", METRICS_PATH);
        }
        annotations.putAll(spec.annotations());
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        if (files.configMap() != null) {
            volumes.add(new VolumeBuilder().withName(FILES_VOLUME).withNewConfigMap()
                    .withName(files.configMap().getMetadata().getName())
                    .withItems(spec.files().stream().map(file -> new KeyToPathBuilder()
                            .withKey(files.keys().get(file.path())).withPath(files.keys().get(file.path()))
                            .withMode(file.mode() == null ? null : Integer.parseInt(file.mode(), 8)).build())
                            .toList())
                    .endConfigMap().build());
        }
        volumes.addAll(provisioned.podVolumes());
        PodTemplateSpecBuilder pod = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(SERVICE_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container)
                .withVolumes(volumes)
                .withRestartPolicy(cronJob ? "OnFailure" : "Always")
                .endSpec();
        if (spread) {
            pod.editSpec().addNewTopologySpreadConstraint().withMaxSkew(1)
                    .withTopologyKey(settings.zoneTopologyKey()).withWhenUnsatisfiable("ScheduleAnyway")
                    .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                    .endTopologySpreadConstraint().endSpec();
        }
        return pod.build();
    }

    private static Output output(Provisioned provisioned, Placeholders.Segment reference) {
        Map<String, Output> outputs = provisioned.outputs().get(reference.resource());
        return outputs.get(reference.output() == null ? "source" : reference.output());
    }

    /** A string whose placeholders name plain outputs only, with their values in place. */
    private static String text(List<Placeholders.Segment> segments, Provisioned provisioned) {
        StringBuilder text = new StringBuilder();
        segments.forEach(segment -> text.append(segment.isReference() ? output(provisioned, segment).value()
                : segment.text()));
        return text.toString();
    }

    /**
     * A string for Kubernetes' own expansion ({@code $(VAR)}): a secret output becomes a reference to
     * a hidden variable holding it; in an environment variable's value, literal {@code $(} is escaped.
     */
    private static String expand(String value, Provisioned provisioned, Map<String, EnvVar> hidden,
            boolean escapeLiterals) {
        StringBuilder expanded = new StringBuilder();
        for (Placeholders.Segment segment : Placeholders.segments(value)) {
            if (!segment.isReference()) {
                expanded.append(escapeLiterals ? segment.text().replace("$(", "$$(") : segment.text());
                continue;
            }
            Output output = output(provisioned, segment);
            if (output.isSecret()) {
                String variable = DerivedNames.env(segment.resource(), segment.output());
                hidden.put(variable, secretEnv(variable, output.secretName(), output.secretKey()));
                expanded.append("$(").append(variable).append(')');
            } else {
                expanded.append(output.value());
            }
        }
        return expanded.toString();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    /** {@code prefix-<hash of data>}: a change of content is a new name, which rolls the pods. */
    private static String hashed(String prefix, Map<String, String> data) {
        try {
            return prefix + "-" + DerivedNames.sha256(JSON.writeValueAsString(new TreeMap<>(data))).substring(0, 10);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialize", e);
        }
    }

    private static Map<String, Quantity> quantities(WorkloadSpec.Quantities quantities) {
        Map<String, Quantity> values = new LinkedHashMap<>();
        if (quantities != null && quantities.cpu() != null) {
            values.put("cpu", new Quantity(quantities.cpu()));
        }
        if (quantities != null && quantities.memory() != null) {
            values.put("memory", new Quantity(quantities.memory()));
        }
        return values;
    }

    private static Probe probe(WorkloadSpec.Probe probe) {
        if (probe == null) {
            return null;
        }
        ProbeBuilder builder = new ProbeBuilder().withInitialDelaySeconds(probe.initialDelaySeconds())
                .withPeriodSeconds(probe.periodSeconds());
        if (probe.httpGet() != null) {
            String port = probe.httpGet().port();
            builder.withNewHttpGet().withPath(probe.httpGet().path())
                    .withPort(port.chars().allMatch(Character::isDigit) ? new IntOrString(Integer.parseInt(port))
                            : new IntOrString(port))
                    .withScheme(probe.httpGet().scheme()).endHttpGet();
        } else {
            builder.withNewExec().withCommand(probe.exec()).endExec();
        }
        return builder.build();
    }

    /** Routes lead to the workload's Service, and a Service needs ports. */
    private static void checkTargets(WorkloadSpec spec, List<ObjectNode> manifests, List<Violation> violations) {
        boolean service = false;
        for (ObjectNode manifest : manifests) {
            if (manifest.path("kind").asText().equals("Service")) {
                service |= manifest.at("/metadata/name").asText().equals(spec.name());
                JsonNode ports = manifest.at("/spec/ports");
                if (!ports.isArray() || ports.isEmpty()) {
                    violations.add(Violation.at(spec.format() == WorkloadSpec.Format.SCORE ? "/service/ports"
                            : "/ports", "the golden path renders a Service, which needs at least one port"));
                }
            }
        }
        if (!service) {
            spec.provisions().forEach((resource, provision) -> {
                if (provision.type().equals(ResourceType.ROUTE.id())) {
                    violations.add(Violation.at(spec.pointerToProvision(resource) + "/type",
                            "a route leads to the workload's Service, and this golden path renders none"));
                }
            });
        }
    }

    private static int applyRank(ObjectNode manifest) {
        String kind = manifest.path("kind").asText();
        int rank = APPLY_ORDER.indexOf(kind);
        return rank >= 0 ? rank : kind.equals(LAST_KIND) ? APPLY_ORDER.size() + 1 : APPLY_ORDER.size();
    }

    /** {@code sha256:} of the manifests as canonical JSON: object fields sorted, no whitespace. */
    static String digest(List<ObjectNode> manifests) {
        ArrayNode canonical = JSON.createArrayNode();
        manifests.forEach(manifest -> canonical.add(canonical(manifest)));
        try {
            return "sha256:" + DerivedNames.sha256(JSON.writeValueAsString(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON trees always serialize", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> sorted.set(name, canonical(node.get(name))));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }
}
