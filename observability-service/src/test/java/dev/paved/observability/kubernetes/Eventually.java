package dev.paved.observability.kubernetes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a watch brings: a condition that holds within thirty seconds (the machine may be busy), or a failed test. */
public final class Eventually {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WITHIN + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
