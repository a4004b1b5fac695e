package dev.paved.provisioning.goldenpaths.domain;

import java.time.Instant;

/**
 * One immutable version of a golden path: a Qute template that renders a YAML stream of Kubernetes
 * objects, and the JSON Schema (2020-12) of its parameters. {@code workloadKind} is the kind of the
 * object that runs the workload ({@code Deployment} or {@code CronJob}).
 */
public record GoldenPathVersion(String name, String version, String description, String parametersSchema,
        String template, String workloadKind, boolean deprecated, boolean builtIn, String createdBy,
        Instant createdAt) {
}
