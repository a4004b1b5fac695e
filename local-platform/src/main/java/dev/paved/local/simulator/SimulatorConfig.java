package dev.paved.local.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated cluster behaves. Delays are those of a pod that has nothing to act out; the
 * {@code slow} failure mode multiplies them by {@code slowFactor}.
 *
 * @param startDelay  from a pod bound to a node until its containers run (image pull and container creation)
 * @param readyDelay  from running until ready, for containers with a readiness or startup probe (others are
 *                    ready as they start); also how long a crashing container runs before it dies
 * @param jobDuration how long a Job's container runs before it succeeds
 * @param backOff     the first back-off after a crash, a failed image pull, an unschedulable pod or a failed
 *                    Job pod, doubled after each further one up to 30 times this (the kubelet's 10 s and 5 min)
 * @param slowFactor  how much longer everything takes for a workload annotated {@code paved.dev/simulate: slow}
 * @param nodes       how many nodes the cluster has
 * @param logInterval the time between two lines a running container writes to its log
 * @param clock       the time the simulator lives in; tests shift it to reach a CronJob's schedule sooner
 */
public record SimulatorConfig(Duration startDelay, Duration readyDelay, Duration jobDuration, Duration backOff,
        int slowFactor, int nodes, Duration logInterval, Clock clock) {

    /** The kubelet's cap on a back-off, in multiples of the first one (10 s up to 5 min). */
    static final int BACK_OFF_CAP_FACTOR = 30;

    public SimulatorConfig {
        requireNotNegative("startDelay", startDelay);
        requireNotNegative("readyDelay", readyDelay);
        requireNotNegative("jobDuration", jobDuration);
        requirePositive("backOff", backOff);
        requirePositive("logInterval", logInterval);
        if (slowFactor < 1) {
            throw new IllegalArgumentException("slowFactor must be 1 or more, was " + slowFactor);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be 1 or more, was " + nodes);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Fast enough for tests that watch a rollout end to end: pods ready within a second. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 10, 3, Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** Close to a real cluster's pace, for {@code ./paved up}: what a developer sees locally looks like production. */
    public static SimulatorConfig realistic() {
        return new SimulatorConfig(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 10, 3, Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** Every duration multiplied by {@code factor}, e.g. 0.1 for tests that must be quick. */
    public SimulatorConfig scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive, was " + factor);
        }
        return new SimulatorConfig(scale(startDelay, factor), scale(readyDelay, factor), scale(jobDuration, factor),
                scale(backOff, factor), slowFactor, nodes, scale(logInterval, factor), clock);
    }

    public SimulatorConfig withClock(Clock newClock) {
        return new SimulatorConfig(startDelay, readyDelay, jobDuration, backOff, slowFactor, nodes, logInterval,
                newClock);
    }

    public SimulatorConfig withNodes(int count) {
        return new SimulatorConfig(startDelay, readyDelay, jobDuration, backOff, slowFactor, count, logInterval,
                clock);
    }

    /** The back-off before attempt {@code attempt} (1 for the first retry). */
    Duration backOff(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = backOff.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis, backOff.toMillis() * BACK_OFF_CAP_FACTOR));
    }

    private static Duration scale(Duration duration, double factor) {
        return Duration.ofNanos(Math.max(1, Math.round(duration.toNanos() * factor)));
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or more, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
