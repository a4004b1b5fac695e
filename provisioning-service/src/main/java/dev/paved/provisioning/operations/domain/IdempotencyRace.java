package dev.paved.provisioning.operations.domain;

/** Two requests with the same idempotency key raced; the loser answers what the winner made. */
public final class IdempotencyRace extends RuntimeException {

    public IdempotencyRace() {
        super("idempotency key used concurrently", null, false, false);
    }
}
