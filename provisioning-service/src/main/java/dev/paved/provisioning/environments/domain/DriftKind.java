package dev.paved.provisioning.environments.domain;

public enum DriftKind {
    /** The object is gone from the cluster. */
    MISSING,
    /** A field Paved sets has another value in the cluster. */
    MODIFIED
}
