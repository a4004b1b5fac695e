package dev.paved.provisioning.operations.worker;

import java.time.Duration;

/**
 * Thrown by a step that is not done yet and not failing either (a rollout under way): the operation
 * is looked at again after {@code retryIn}, without backoff and without counting as a failure, until
 * its deadline.
 */
public class StepWaiting extends RuntimeException {

    private final Duration retryIn;

    public StepWaiting(String why, Duration retryIn) {
        super(why, null, false, false);
        this.retryIn = retryIn;
    }

    public Duration retryIn() {
        return retryIn;
    }
}
