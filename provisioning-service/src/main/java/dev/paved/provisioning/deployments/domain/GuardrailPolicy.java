package dev.paved.provisioning.deployments.domain;

import java.util.List;
import java.util.Set;

/**
 * The guardrails of one stage. An empty {@code allowedRegistries} allows every registry;
 * {@code requireImmutableImages} asks for a digest or a version tag (prod, by default).
 */
public record GuardrailPolicy(List<String> allowedRegistries, boolean requireImmutableImages, int minReplicas,
        int maxReplicas, boolean requireProbesForWebService, Set<String> allowedResourceTypes,
        boolean requireRequestsAndLimits) {
}
