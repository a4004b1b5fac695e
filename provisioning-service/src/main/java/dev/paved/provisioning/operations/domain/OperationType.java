package dev.paved.provisioning.operations.domain;

import dev.paved.provisioning.environments.domain.EnvironmentState;

/** What an operation does to its environment, and the state the environment is in meanwhile. */
public enum OperationType {
    CREATE_ENVIRONMENT(EnvironmentState.PROVISIONING),
    UPDATE_ENVIRONMENT(EnvironmentState.UPDATING),
    DELETE_ENVIRONMENT(EnvironmentState.DELETING),
    RECONCILE_ENVIRONMENT(null),
    /** Applies a revision of one workload of the environment. */
    DEPLOY_WORKLOAD(null),
    DELETE_WORKLOAD(null);

    private final EnvironmentState whileRunning;

    OperationType(EnvironmentState whileRunning) {
        this.whileRunning = whileRunning;
    }

    /** Whether it acts on one workload of its environment rather than on the environment itself. */
    public boolean isWorkloadOperation() {
        return this == DEPLOY_WORKLOAD || this == DELETE_WORKLOAD;
    }

    /** The environment's state while the operation is under way; null when it keeps its state. */
    public EnvironmentState environmentStateWhileRunning() {
        return whileRunning;
    }
}
