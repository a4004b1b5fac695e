package dev.paved.provisioning.deployments.domain;

import java.util.Map;

/**
 * A workload spec as it arrived: exactly one of {@code json} (a native spec, or a Score file in
 * JSON) and {@code scoreYaml} (a Score file), and the overrides a request's query parameters
 * give, which win over what the document says.
 */
public record SubmittedSpec(String json, String scoreYaml, String goldenPath, String goldenPathVersion,
        Map<String, String> parameters, Integer replicas) {

    public static SubmittedSpec json(String json) {
        return new SubmittedSpec(json, null, null, null, Map.of(), null);
    }

    public static SubmittedSpec score(String yaml) {
        return new SubmittedSpec(null, yaml, null, null, Map.of(), null);
    }
}
