package dev.paved.provisioning.deployments.domain;

/** Where a revision's rollout stands; the last three are final. */
public enum RolloutState {
    /** Its objects are not applied yet. */
    PENDING,
    PROGRESSING,
    ROLLED_OUT,
    /** Past the progress deadline, its pods failing, or never applied. */
    FAILED,
    /** A newer revision was applied before this one's rollout ended. */
    SUPERSEDED;

    public boolean isFinal() {
        return this == ROLLED_OUT || this == FAILED || this == SUPERSEDED;
    }
}
