package dev.paved.provisioning.deployments.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One deployment of a workload: the spec as submitted (canonical JSON, no secret values), how it was
 * rendered, the images' digests, who and what asked for it, and its rollout. {@code manifests} is
 * filled only where a single revision is read.
 */
public record Revision(long number, String workload, String environment, String team, String application,
        String stage, String specJson, String goldenPath, String goldenPathVersion, String manifestsDigest,
        List<ResolvedImage> images, String createdBy, Instant createdAt, String version, String commitSha,
        Instant commitTime, Rollout rollout, UUID operationId, Long rolledBackTo, String promotedFrom,
        List<String> manifests) {
}
