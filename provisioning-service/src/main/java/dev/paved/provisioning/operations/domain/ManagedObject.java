package dev.paved.provisioning.operations.domain;

import java.time.Instant;
import java.util.UUID;

import dev.paved.provisioning.domain.ObjectRef;

/**
 * An object Paved applies for an environment: recorded before it is applied, confirmed after.
 *
 * @param manifest the object as Paved applied it (JSON)
 * @param appliedAt null until the cluster accepted the object
 * @param workload the workload it was applied for; null for the environment's baseline
 */
public record ManagedObject(UUID environmentId, ObjectRef ref, int position, String manifest, String uid,
        Instant appliedAt, String workload) {
}
