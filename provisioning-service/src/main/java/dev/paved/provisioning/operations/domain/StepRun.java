package dev.paved.provisioning.operations.domain;

import java.util.UUID;

import dev.paved.provisioning.domain.ObjectRef;

/**
 * One step to carry out, with what it needs to know of its environment; {@code knownUid} is the uid
 * the cluster gave the object when Paved applied it, if it did.
 */
public record StepRun(UUID operationId, int position, String name, StepAction action, ObjectRef object,
        String manifest, UUID environmentId, String cluster, String knownUid) {
}
