package dev.paved.observability.health.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One pod of a workload as {@code kubectl get pods} shows it, and how its last container ended.
 *
 * @param status          kubectl's STATUS: the reason a container waits or ended with
 *                        ({@code CrashLoopBackOff}, {@code Init:ErrImagePull}, {@code OOMKilled}),
 *                        {@code Terminating}, the pod's own reason ({@code Evicted}), else its phase
 * @param ready           the pod's Ready condition
 * @param readyContainers containers ready, of {@code containers}
 * @param restarts        restarts of all its containers
 * @param node            the node it was scheduled to, null while it is not
 * @param lastTermination the latest termination of any of its containers, null when none ended
 */
public record PodSummary(String name, String phase, String status, boolean ready, int readyContainers,
        int containers, int restarts, String node, Instant createdAt, Duration age, Termination lastTermination) {

    /** How a container last ended: {@code OOMKilled}, {@code Error}, {@code Completed}, ... */
    public record Termination(String container, String reason, Integer exitCode, Instant finishedAt) {
    }
}
