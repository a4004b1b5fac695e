package dev.paved.provisioning.goldenpaths.domain;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a golden path's template sees. {@code podTemplate} is the complete, hardened pod template
 * (metadata and spec) as JSON, which the template places where its workload object needs it;
 * {@code labels} go on every object and {@code selector} (a stable subset of them) selects the pods;
 * {@code annotations} go on the workload object; {@code replicas} is the replica count to run or to
 * start autoscaling from; {@code defaultHost} is the host an Ingress takes when its parameters name
 * none; {@code parameters} were validated against the version's schema, defaults applied.
 */
public record RenderContext(String workload, String namespace, String environment, String team,
        String application, String stage, Map<String, String> labels, Map<String, String> selector,
        Map<String, String> annotations, int replicas, List<ServicePort> ports, @JsonIgnore ObjectNode podTemplate,
        String defaultHost, JsonNode parameters) {

    public record ServicePort(String name, int port, int targetPort, String protocol) {
    }
}
