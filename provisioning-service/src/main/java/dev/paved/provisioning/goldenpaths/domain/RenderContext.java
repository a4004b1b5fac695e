package dev.paved.provisioning.goldenpaths.domain;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a golden path's template sees. {@code podTemplate} is the complete, hardened pod template
 * (metadata and spec) as JSON, which the template places where its workload object needs it;
 * {@code labels} go on every object; {@code parameters} were validated against the version's schema,
 * defaults applied.
 */
public record RenderContext(String workload, String namespace, String environment, String team,
        String application, String stage, Map<String, String> labels, Map<String, String> annotations,
        Integer replicas, List<ServicePort> ports, String podTemplate, JsonNode parameters) {

    public record ServicePort(String name, int port, int targetPort, String protocol) {
    }
}
