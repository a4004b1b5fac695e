package dev.paved.provisioning.deployments.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.kubernetes.Labels;

/**
 * The platform's policy, checked on what a deployment would apply before anything is applied.
 * Every guardrail decides, passed or denied, so a dry run shows the whole picture; denials point
 * into the submitted document and carry the guardrail's name as their code.
 */
@ApplicationScoped
public class Guardrails {

    public static final String GUARDRAIL_VIOLATION = "GUARDRAIL_VIOLATION";
    public static final String ALLOWED_REGISTRIES = "allowed-registries";
    public static final String NO_LATEST_IMAGE = "no-latest-image";
    public static final String REQUESTS_AND_LIMITS = "requests-and-limits";
    public static final String QUOTA = "quota";
    public static final String REPLICA_BOUNDS = "replica-bounds";
    public static final String PROBES_REQUIRED = "probes-required";
    public static final String RESOURCE_TYPES = "resource-types";
    static final String WEB_SERVICE = "web-service";

    public List<GuardrailDecision> check(WorkloadSpec spec, Rendering rendering, GuardrailPolicy policy,
            QuotaHeadroom headroom) {
        List<GuardrailDecision> decisions = new ArrayList<>();
        Map<String, String> images = images(spec, rendering);
        decisions.addAll(allowedRegistries(images, policy));
        decisions.addAll(noLatestImage(images, policy));
        decisions.add(requestsAndLimits(spec, policy));
        decisions.add(quota(spec, rendering, headroom));
        decisions.addAll(replicaBounds(spec, rendering, policy));
        decisions.addAll(probesRequired(spec, rendering, policy));
        decisions.addAll(resourceTypes(spec, policy));
        return decisions;
    }

    /** The 422 that lists every denial of {@code decisions}. */
    public static ProblemException refusal(List<GuardrailDecision> decisions) {
        List<Violation> violations = decisions.stream().filter(decision -> !decision.passed())
                .map(decision -> Violation.at(decision.pointer(), decision.detail()).withCode(decision.guardrail()))
                .toList();
        return ProblemException.invalid(GUARDRAIL_VIOLATION, "The deployment is refused by "
                + violations.size() + (violations.size() == 1 ? " guardrail." : " guardrails."), violations);
    }

    /** Every image that would run → where it is in the submitted document. */
    private static Map<String, String> images(WorkloadSpec spec, Rendering rendering) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put(spec.image(), spec.pointerToContainer("image"));
        for (ObjectNode manifest : rendering.manifests()) {
            collectImages(manifest, images);
        }
        return images;
    }

    /** Images a golden path adds (sidecars) are pointed at as the golden path's. */
    private static void collectImages(JsonNode node, Map<String, String> images) {
        if (node.isObject()) {
            for (String field : List.of("containers", "initContainers")) {
                node.path(field).forEach(container -> {
                    if (container.path("image").isTextual()) {
                        images.putIfAbsent(container.get("image").asText(), "/goldenPath");
                    }
                });
            }
            node.forEach(child -> collectImages(child, images));
        } else if (node.isArray()) {
            node.forEach(child -> collectImages(child, images));
        }
    }

    private static List<GuardrailDecision> allowedRegistries(Map<String, String> images, GuardrailPolicy policy) {
        if (policy.allowedRegistries().isEmpty()) {
            return List.of(GuardrailDecision.pass(ALLOWED_REGISTRIES, "every registry is allowed"));
        }
        List<GuardrailDecision> denials = new ArrayList<>();
        images.forEach((image, pointer) -> {
            String registry = registry(image);
            if (!policy.allowedRegistries().contains(registry)) {
                denials.add(GuardrailDecision.deny(ALLOWED_REGISTRIES, "image " + image + " is from registry "
                        + registry + "; allowed are " + policy.allowedRegistries(), pointer));
            }
        });
        return denials.isEmpty() ? List.of(GuardrailDecision.pass(ALLOWED_REGISTRIES,
                "every image is from an allowed registry")) : denials;
    }

    private static String registry(String image) {
        try {
            return ImageReference.parse(image).registry();
        } catch (IllegalArgumentException e) {
            return "(not an image reference)";
        }
    }

    private static List<GuardrailDecision> noLatestImage(Map<String, String> images, GuardrailPolicy policy) {
        List<GuardrailDecision> denials = new ArrayList<>();
        images.forEach((image, pointer) -> {
            ImageReference reference;
            try {
                reference = ImageReference.parse(image);
            } catch (IllegalArgumentException e) {
                denials.add(GuardrailDecision.deny(NO_LATEST_IMAGE, "image " + image + ": " + e.getMessage(), pointer));
                return;
            }
            if (reference.isLatestOrTagless()) {
                denials.add(GuardrailDecision.deny(NO_LATEST_IMAGE, "image " + image
                        + " names no version: give it a version tag or a digest", pointer));
            } else if (policy.requireImmutableImages() && !reference.hasDigest()
                    && !reference.isImmutableVersionTag()) {
                denials.add(GuardrailDecision.deny(NO_LATEST_IMAGE, "image " + image + " may move: this stage needs "
                        + "a digest (@sha256:…) or a version tag such as 1.4.2", pointer));
            }
        });
        return denials.isEmpty() ? List.of(GuardrailDecision.pass(NO_LATEST_IMAGE, policy.requireImmutableImages()
                ? "every image is pinned by digest or version tag" : "every image names a version")) : denials;
    }

    private static GuardrailDecision requestsAndLimits(WorkloadSpec spec, GuardrailPolicy policy) {
        if (!policy.requireRequestsAndLimits()) {
            return GuardrailDecision.pass(REQUESTS_AND_LIMITS, "not required in this stage");
        }
        WorkloadSpec.Resources resources = spec.resources();
        List<String> missing = new ArrayList<>();
        if (resources == null || resources.requests() == null || resources.requests().cpu() == null) {
            missing.add("requests.cpu");
        }
        if (resources == null || resources.requests() == null || resources.requests().memory() == null) {
            missing.add("requests.memory");
        }
        if (resources == null || resources.limits() == null || resources.limits().cpu() == null) {
            missing.add("limits.cpu");
        }
        if (resources == null || resources.limits() == null || resources.limits().memory() == null) {
            missing.add("limits.memory");
        }
        return missing.isEmpty() ? GuardrailDecision.pass(REQUESTS_AND_LIMITS, "requests and limits are set")
                : GuardrailDecision.deny(REQUESTS_AND_LIMITS, "missing " + String.join(", ", missing),
                        spec.pointerToContainer("resources"));
    }

    private static GuardrailDecision quota(WorkloadSpec spec, Rendering rendering, QuotaHeadroom headroom) {
        if (headroom == null) {
            return GuardrailDecision.pass(QUOTA, "the environment's quota headroom is unknown; not checked");
        }
        WorkloadSpec.Resources resources = spec.resources();
        if (resources == null || resources.limits() == null && resources.requests() == null) {
            return GuardrailDecision.pass(QUOTA, "no requests or limits: the environment's defaults apply");
        }
        Footprint footprint = rendering.footprint();
        long cpu = footprint.cpuMillis();
        long memory = footprint.memoryBytes();
        String total = "at most " + cpu + "m CPU and " + memory + " bytes of memory";
        if (cpu > headroom.cpuMillis() || memory > headroom.memoryBytes()) {
            return GuardrailDecision.deny(QUOTA, total + "; the environment's quota leaves " + headroom.cpuMillis()
                    + "m CPU and " + headroom.memoryBytes() + " bytes", spec.pointerToContainer("resources"));
        }
        return GuardrailDecision.pass(QUOTA, total + ", within what the quota leaves");
    }

    /** Fewest and most pods the workload runs: its autoscaler's bounds, else its replica count. */
    private record ReplicaRange(int min, int max, boolean autoscaled, boolean scheduled) {
    }

    private static ReplicaRange replicaRange(Rendering rendering) {
        for (ObjectNode manifest : rendering.manifests()) {
            if (manifest.path("kind").asText().equals("HorizontalPodAutoscaler")) {
                return new ReplicaRange(manifest.at("/spec/minReplicas").asInt(1),
                        manifest.at("/spec/maxReplicas").asInt(1), true, false);
            }
        }
        for (ObjectNode manifest : rendering.manifests()) {
            String kind = manifest.path("kind").asText();
            if (kind.equals("CronJob")) {
                return new ReplicaRange(1, 1, false, true);
            }
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                int replicas = manifest.at("/spec/replicas").asInt(1);
                return new ReplicaRange(replicas, replicas, false, false);
            }
        }
        return new ReplicaRange(1, 1, false, false);
    }

    private static List<GuardrailDecision> replicaBounds(WorkloadSpec spec, Rendering rendering,
            GuardrailPolicy policy) {
        ReplicaRange range = replicaRange(rendering);
        if (range.scheduled()) {
            return List.of(GuardrailDecision.pass(REPLICA_BOUNDS, "a scheduled job runs one pod per run"));
        }
        String bounds = "between " + policy.minReplicas() + " and " + policy.maxReplicas();
        List<GuardrailDecision> denials = new ArrayList<>();
        if (range.min() < policy.minReplicas()) {
            denials.add(GuardrailDecision.deny(REPLICA_BOUNDS, range.min() + " replicas; this stage runs "
                    + bounds, spec.replicas() != null || !range.autoscaled() ? "/replicas"
                            : "/parameters/minReplicas"));
        }
        if (range.max() > policy.maxReplicas()) {
            denials.add(GuardrailDecision.deny(REPLICA_BOUNDS, "up to " + range.max() + " replicas; this stage runs "
                    + bounds, range.autoscaled() ? "/parameters/maxReplicas" : "/replicas"));
        }
        return denials.isEmpty() ? List.of(GuardrailDecision.pass(REPLICA_BOUNDS, range.min() + " to " + range.max()
                + " replicas, " + bounds)) : denials;
    }

    private static List<GuardrailDecision> probesRequired(WorkloadSpec spec, Rendering rendering,
            GuardrailPolicy policy) {
        boolean webService = rendering.manifests().stream()
                .anyMatch(manifest -> WEB_SERVICE.equals(manifest.at("/metadata/labels").path(Labels.GOLDEN_PATH)
                        .asText()));
        if (!policy.requireProbesForWebService() || !webService) {
            return List.of(GuardrailDecision.pass(PROBES_REQUIRED, "probes are not required here"));
        }
        List<GuardrailDecision> denials = new ArrayList<>();
        if (spec.readinessProbe() == null) {
            denials.add(GuardrailDecision.deny(PROBES_REQUIRED, "a web-service needs a readinessProbe",
                    spec.pointerToContainer("readinessProbe")));
        }
        if (spec.livenessProbe() == null) {
            denials.add(GuardrailDecision.deny(PROBES_REQUIRED, "a web-service needs a livenessProbe",
                    spec.pointerToContainer("livenessProbe")));
        }
        return denials.isEmpty() ? List.of(GuardrailDecision.pass(PROBES_REQUIRED, "both probes are set")) : denials;
    }

    private static List<GuardrailDecision> resourceTypes(WorkloadSpec spec, GuardrailPolicy policy) {
        List<GuardrailDecision> denials = new ArrayList<>();
        spec.provisions().forEach((resource, provision) -> {
            if (!policy.allowedResourceTypes().contains(provision.type())) {
                denials.add(GuardrailDecision.deny(RESOURCE_TYPES, "resource type " + provision.type()
                        + " is not allowed in this stage; allowed are " + policy.allowedResourceTypes().stream()
                                .sorted().toList(), spec.pointerToProvision(resource) + "/type"));
            }
        });
        return denials.isEmpty() ? List.of(GuardrailDecision.pass(RESOURCE_TYPES,
                "every resource type is allowed")) : denials;
    }
}
