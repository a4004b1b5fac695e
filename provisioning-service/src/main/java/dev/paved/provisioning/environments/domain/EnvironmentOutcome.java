package dev.paved.provisioning.environments.domain;

import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.OperationType;

/** What the end of an operation does to its environment. */
public enum EnvironmentOutcome {
    /** Left as it was: a reconciliation that did not finish. */
    UNCHANGED,
    FAILED,
    READY,
    /** Ready, at the tier the operation asked for. */
    READY_AT_NEW_TIER,
    /** Ready, and compared with the cluster just now. */
    READY_RECONCILED,
    /** Torn down: the environment's records go. */
    DELETED;

    /** The rule: a failed or cancelled change fails the environment; a finished one settles it. */
    public static EnvironmentOutcome of(OperationType type, OperationState state) {
        if (type.isWorkloadOperation()) {
            return UNCHANGED;
        }
        if (state != OperationState.SUCCEEDED) {
            return type == OperationType.RECONCILE_ENVIRONMENT ? UNCHANGED : FAILED;
        }
        return switch (type) {
            case CREATE_ENVIRONMENT -> READY;
            case UPDATE_ENVIRONMENT -> READY_AT_NEW_TIER;
            case RECONCILE_ENVIRONMENT -> READY_RECONCILED;
            case DELETE_ENVIRONMENT -> DELETED;
            case DEPLOY_WORKLOAD, DELETE_WORKLOAD -> UNCHANGED;
        };
    }
}
