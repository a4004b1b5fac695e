package dev.paved.provisioning.environments.domain;

/** Where an environment stands; it follows the outcome of its latest operation. */
public enum EnvironmentState {
    PROVISIONING,
    READY,
    UPDATING,
    DELETING,
    FAILED
}
