package dev.paved.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a running container uses, moving over time but the same for the same run and instant. CPU
 * follows two slow waves between 10% and 60% of the container's limit (or of twice its request, or a
 * quarter core), and its counter is their exact integral, so that {@code rate()} over the counter gives
 * back the usage. Memory settles at 30% to 50% of its limit (one and a half times its request, or
 * 256 MiB); a run that will be OOM-killed climbs towards the limit instead. A ready container with a
 * port serves a few requests a second, counted by status code.
 */
final class ContainerUsage {

    private static final double DEFAULT_CPU = 0.25;
    private static final double DEFAULT_MEMORY = 256.0 * 1024 * 1024;

    private final ContainerRun run;
    private final FailureMode mode;
    private final Duration crashAfter;
    private final double cpuCapacity;
    private final double memoryCapacity;
    private final double slowPeriod;
    private final double fastPeriod;
    private final double slowPhase;
    private final double fastPhase;
    private final double memoryPeriod;
    private final double memoryPhase;
    private final double requestsPerSecond;

    ContainerUsage(ContainerRun run, FailureMode mode, Duration crashAfter) {
        this.run = run;
        this.mode = mode;
        this.crashAfter = crashAfter;
        Resources limits = Resources.limitsOf(run.container());
        Resources requests = Resources.requestsOf(run.container());
        cpuCapacity = limits.cpu() > 0 ? limits.cpu() : requests.cpu() > 0 ? 2 * requests.cpu() : DEFAULT_CPU;
        memoryCapacity = limits.memory() > 0 ? limits.memory()
                : requests.memory() > 0 ? 1.5 * requests.memory() : DEFAULT_MEMORY;
        long seed = run.seed();
        slowPeriod = 300 + 600 * ContainerRun.Mix.unit(seed, 1);
        fastPeriod = 40 + 50 * ContainerRun.Mix.unit(seed, 2);
        slowPhase = 2 * Math.PI * ContainerRun.Mix.unit(seed, 3);
        fastPhase = 2 * Math.PI * ContainerRun.Mix.unit(seed, 4);
        memoryPeriod = 600 + 1200 * ContainerRun.Mix.unit(seed, 5);
        memoryPhase = 2 * Math.PI * ContainerRun.Mix.unit(seed, 6);
        requestsPerSecond = 2 + 8 * ContainerRun.Mix.unit(seed, 7);
    }

    private double elapsed(Instant now) {
        return Math.max(0, Duration.between(run.startedAt(), now).toNanos() / 1e9);
    }

    /** Cores in use. */
    double cpu(Instant now) {
        double t = elapsed(now);
        return cpuCapacity * (0.35 + 0.15 * Math.sin(2 * Math.PI * t / slowPeriod + slowPhase)
                + 0.1 * Math.sin(2 * Math.PI * t / fastPeriod + fastPhase));
    }

    /** CPU seconds used since the run started: the integral of {@link #cpu}. */
    double cpuSeconds(Instant now) {
        double t = elapsed(now);
        return cpuCapacity * (0.35 * t
                - 0.15 * slowPeriod / (2 * Math.PI) * (Math.cos(2 * Math.PI * t / slowPeriod + slowPhase)
                        - Math.cos(slowPhase))
                - 0.1 * fastPeriod / (2 * Math.PI) * (Math.cos(2 * Math.PI * t / fastPeriod + fastPhase)
                        - Math.cos(fastPhase)));
    }

    /** Bytes in the working set. */
    double memory(Instant now) {
        double t = elapsed(now);
        if (mode == FailureMode.OOM_KILLED) {
            double progress = crashAfter.isZero() ? 1 : Math.min(1, t / (crashAfter.toNanos() / 1e9));
            return memoryCapacity * (0.4 + 0.58 * progress);
        }
        double warmUp = Math.min(1, 0.6 + 0.4 * t / 60);
        return memoryCapacity * (0.4 + 0.1 * Math.sin(2 * Math.PI * t / memoryPeriod + memoryPhase)) * warmUp;
    }

    /** Requests served since the container became ready, by status code; empty for containers that serve none. */
    Map<Integer, Long> requests(Instant now, Instant readySince) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        if (run.container().getPorts().isEmpty() || readySince == null) {
            return counts;
        }
        double served = requestsPerSecond * Math.max(0, Duration.between(readySince, now).toNanos() / 1e9);
        for (int i = 0; i < HttpTraffic.CODES.size(); i++) {
            counts.put(HttpTraffic.CODES.get(i), (long) Math.floor(served * HttpTraffic.SHARES.get(i)));
        }
        return counts;
    }
}
