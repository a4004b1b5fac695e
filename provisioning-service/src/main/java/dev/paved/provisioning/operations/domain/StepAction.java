package dev.paved.provisioning.operations.domain;

public enum StepAction {
    /** Server-side apply with field manager {@code paved}. */
    APPLY,
    /** Delete, when the object in the cluster is the one Paved created for the environment. */
    DELETE,
    /** Compare with the cluster; re-apply when it drifted. */
    RECONCILE,
    /** Create a resource outside the cluster (a database and its role), its credentials in a Secret. */
    PROVISION,
    /** Drop a provisioned resource and its Secret. */
    DEPROVISION,
    /** Wait until the workload's rollout ends; fail when it fails. */
    AWAIT_ROLLOUT
}
