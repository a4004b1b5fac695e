package dev.paved.provisioning.deployments.domain;

import java.time.Instant;

/** A deployment as asked for: the spec (native JSON or Score, with overrides) and what a pipeline knows of it. */
public record DeployCommand(String environment, SubmittedSpec spec, String version, String commitSha,
        Instant commitTime, String idempotencyKey, boolean dryRun, boolean waitForRollout) {
}
