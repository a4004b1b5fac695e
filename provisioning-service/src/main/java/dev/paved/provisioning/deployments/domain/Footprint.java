package dev.paved.provisioning.deployments.domain;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The most CPU and memory a rendered workload may take: each container's limits (its requests where
 * it has no limit) times the most replicas it may run (an autoscaler's maximum, else its replicas).
 * What an environment's quota is checked against, and what each revision records.
 */
public record Footprint(long cpuMillis, long memoryBytes) {

    public static Footprint of(List<ObjectNode> manifests) {
        JsonNode podSpec = null;
        long replicas = 1;
        Long autoscalerMaximum = null;
        for (ObjectNode manifest : manifests) {
            String kind = manifest.path("kind").asText();
            switch (kind) {
                case "Deployment", "StatefulSet" -> {
                    podSpec = manifest.path("spec").path("template").path("spec");
                    replicas = manifest.path("spec").path("replicas").asLong(1);
                }
                case "CronJob" -> podSpec = manifest.path("spec").path("jobTemplate").path("spec").path("template")
                        .path("spec");
                case "HorizontalPodAutoscaler" -> autoscalerMaximum = manifest.path("spec").path("maxReplicas")
                        .asLong(1);
                default -> {
                }
            }
        }
        if (podSpec == null) {
            return new Footprint(0, 0);
        }
        long count = autoscalerMaximum != null ? autoscalerMaximum : replicas;
        long cpu = 0;
        long memory = 0;
        for (JsonNode container : podSpec.path("containers")) {
            JsonNode resources = container.path("resources");
            cpu += cpuMillis(amount(resources, "cpu"));
            memory += bytes(amount(resources, "memory"));
        }
        return new Footprint(cpu * count, memory * count);
    }

    private static String amount(JsonNode resources, String resource) {
        JsonNode limit = resources.path("limits").path(resource);
        JsonNode amount = limit.isMissingNode() ? resources.path("requests").path(resource) : limit;
        return amount.isMissingNode() || amount.isNull() ? null : amount.asText();
    }

    static long cpuMillis(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return 0;
        }
        return Quantity.getAmountInBytes(new Quantity(quantity)).multiply(BigDecimal.valueOf(1000)).longValue();
    }

    static long bytes(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return 0;
        }
        return Quantity.getAmountInBytes(new Quantity(quantity)).longValue();
    }
}
