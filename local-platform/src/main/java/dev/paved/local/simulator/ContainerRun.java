package dev.paved.local.simulator;

import java.time.Instant;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * One run of a container, from its start to its end (none while it runs), as the pod's status tells
 * it: the current run, or the previous one that {@code lastState.terminated} describes. Runs are
 * numbered from 0 by the restarts before them, so a pod restarted twice has runs 0, 1 and 2.
 *
 * @param exitReason {@code Completed}, {@code Error}, {@code OOMKilled}, or null while running
 */
record ContainerRun(Pod pod, Container container, boolean init, int instance, Instant startedAt, Instant finishedAt,
        String exitReason) {

    boolean running() {
        return finishedAt == null;
    }

    /** The run a log request without {@code previous} reads: the running one, else the last that ended. */
    static Optional<ContainerRun> current(Pod pod, Container container, boolean init, ContainerStatus status) {
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        if (status.getState() != null && status.getState().getRunning() != null) {
            return Timestamps.parse(status.getState().getRunning().getStartedAt())
                    .map(start -> new ContainerRun(pod, container, init, restarts, start, null, null));
        }
        if (status.getState() != null && status.getState().getTerminated() != null) {
            return ended(pod, container, init, restarts, status.getState().getTerminated());
        }
        return previous(pod, container, init, status);
    }

    /** The run before the current one, which {@code previous=true} reads. */
    static Optional<ContainerRun> previous(Pod pod, Container container, boolean init, ContainerStatus status) {
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        if (status.getLastState() == null || status.getLastState().getTerminated() == null || restarts == 0) {
            return Optional.empty();
        }
        return ended(pod, container, init, restarts - 1, status.getLastState().getTerminated());
    }

    private static Optional<ContainerRun> ended(Pod pod, Container container, boolean init, int instance,
            ContainerStateTerminated terminated) {
        Optional<Instant> start = Timestamps.parse(terminated.getStartedAt());
        Optional<Instant> finish = Timestamps.parse(terminated.getFinishedAt());
        if (start.isEmpty() || finish.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerRun(pod, container, init, instance, start.get(), finish.get(),
                terminated.getReason() == null ? (terminated.getExitCode() != null && terminated.getExitCode() == 0
                        ? "Completed" : "Error") : terminated.getReason()));
    }

    /** A number that stands for this run and no other, to draw its log lines and usage from. */
    long seed() {
        String identity = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/"
                + container.getName() + "/" + instance;
        long hash = 1125899906842597L;
        for (int i = 0; i < identity.length(); i++) {
            hash = 31 * hash + identity.charAt(i);
        }
        return Mix.mix(hash);
    }

    /** SplitMix64's finalizer: spreads nearby inputs over all 64 bits. */
    static final class Mix {
        private Mix() {
        }

        static long mix(long value) {
            long z = value + 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** A number in [0, 1) drawn from {@code seed} and {@code index}. */
        static double unit(long seed, long index) {
            return (mix(seed ^ mix(index)) >>> 11) * 0x1.0p-53;
        }
    }
}
