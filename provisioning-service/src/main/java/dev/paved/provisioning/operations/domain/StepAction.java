package dev.paved.provisioning.operations.domain;

public enum StepAction {
    /** Server-side apply with field manager {@code paved}. */
    APPLY,
    /** Delete, when the object in the cluster is the one Paved created for the environment. */
    DELETE,
    /** Compare with the cluster; re-apply when it drifted. */
    RECONCILE
}
