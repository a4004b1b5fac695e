package dev.paved.observability.health.domain;

/** The findings Deployments and StatefulSets share, worded once. */
final class RolloutFindings {

    private RolloutFindings() {
    }

    /** D3 and S1: the status speaks of an older spec. */
    static Finding generationNotObserved(String object, long generation, long observed) {
        return Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, "waiting for the controller to observe "
                + "generation " + generation + " (it has seen " + observed + ")", object);
    }

    /** D5 and S2: no replica wanted, none left. */
    static Finding scaledToZero(String kind, String object) {
        return Finding.of(Health.SUSPENDED, Reasons.SCALED_TO_ZERO, "the " + kind + " is scaled to zero replicas",
                object);
    }
}
