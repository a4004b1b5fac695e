package dev.paved.provisioning.operations.domain;

import dev.paved.provisioning.environments.domain.EnvironmentState;

/** What an operation does to its environment, and the state the environment is in meanwhile. */
public enum OperationType {
    CREATE_ENVIRONMENT(EnvironmentState.PROVISIONING),
    UPDATE_ENVIRONMENT(EnvironmentState.UPDATING),
    DELETE_ENVIRONMENT(EnvironmentState.DELETING),
    RECONCILE_ENVIRONMENT(null);

    private final EnvironmentState whileRunning;

    OperationType(EnvironmentState whileRunning) {
        this.whileRunning = whileRunning;
    }

    /** The environment's state while the operation is under way; null when it keeps its state. */
    public EnvironmentState environmentStateWhileRunning() {
        return whileRunning;
    }
}
