package dev.paved.provisioning.deployments.domain;

import java.util.List;
import java.util.Map;

import dev.paved.common.problem.JsonPointers;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

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

    /**
     * The problem with each violation at a value an override set pointed at that query parameter, not
     * into the document, which did not hold the value that failed.
     */
    public ProblemException attributingOverrides(ProblemException problem) {
        List<Violation> errors = problem.errors().stream().map(this::attributed).toList();
        return errors.equals(problem.errors()) ? problem
                : new ProblemException(problem.status(), problem.code(), problem.getMessage(), errors);
    }

    private Violation attributed(Violation violation) {
        String parameter = overrideAt(violation.pointer());
        return parameter == null ? violation
                : new Violation(null, parameter, violation.message(), violation.code());
    }

    private String overrideAt(String pointer) {
        if (pointer == null) {
            return null;
        }
        if (pointer.equals("/goldenPath") && goldenPath != null) {
            return "goldenPath";
        }
        if (pointer.equals("/goldenPathVersion") && goldenPathVersion != null) {
            return "goldenPathVersion";
        }
        if (pointer.equals("/replicas") && replicas != null) {
            return "replicas";
        }
        for (String name : parameters.keySet()) {
            String at = "/parameters/" + JsonPointers.escape(name);
            if (pointer.equals(at) || pointer.startsWith(at + "/")) {
                return "param." + name;
            }
        }
        return null;
    }
}
