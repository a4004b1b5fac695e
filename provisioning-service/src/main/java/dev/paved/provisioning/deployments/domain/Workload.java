package dev.paved.provisioning.deployments.domain;

import java.time.Instant;

/**
 * A workload of an environment. {@code currentRevision} is the one whose objects are applied (0 before
 * the first); {@code rollout} is that of its newest revision, so a deployment under way shows.
 */
public record Workload(String name, String environment, String namespace, String team, String application,
        String stage, String component, String kind, String goldenPath, String goldenPathVersion,
        long currentRevision, long lastRevision, WorkloadState state, Instant createdAt, Instant updatedAt,
        Rollout rollout) {
}
