package dev.paved.provisioning.deployments.domain;

public enum WorkloadState {
    /** Its first revision is being applied. */
    DEPLOYING,
    DEPLOYED,
    /** Its first revision could not be applied. */
    FAILED,
    DELETING,
    /** Removed; its revisions stay as history, and a new deployment of the name goes on counting. */
    DELETED
}
