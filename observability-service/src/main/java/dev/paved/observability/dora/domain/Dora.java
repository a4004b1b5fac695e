package dev.paved.observability.dora.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * DORA's four metrics computed from a deployment history (docs/dora.md states the method):
 * <ul>
 * <li>A <em>change</em> is a revision created in the window that is not a rollback; a rollback
 * restores an earlier change, so it counts only as a recovery.</li>
 * <li>A <em>deployment</em> is a change whose rollout ended rolled out. Deployment frequency is
 * deployments per day of the window.</li>
 * <li>Lead time for changes: the median, over deployments with a commit time, from the commit time to
 * the end of the rollout (zero when the commit time is later, a skewed clock).</li>
 * <li>Change failure rate: failed changes over changes whose outcome is known. A change's outcome is
 * known when its rollout ended rolled out or failed, or a rollback undid it; it failed when its
 * rollout failed or a rollback undid it. A change superseded before its rollout ended, or still
 * rolling out, has no outcome yet.</li>
 * <li>Failed deployment recovery time: the median, over failed changes recovered from, from the
 * failed revision's creation to the end of the rollout of the next revision of the same workload
 * that rolled out (a rollback or a fix). A failed change not recovered from is not a sample.</li>
 * </ul>
 * The history must hold every revision of a workload created after each revision it holds, as a
 * window that ends now does.
 */
public final class Dora {

    private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    private Dora() {
    }

    public static DoraMetrics compute(List<DeploymentRecord> history, Instant from, Instant to) {
        List<DeploymentRecord> changes = history.stream()
                .filter(record -> !record.createdAt().isBefore(from) && record.createdAt().isBefore(to))
                .filter(record -> !record.isRollback()).toList();
        List<DeploymentRecord> deployments = changes.stream()
                .filter(record -> record.outcome() == DeploymentRecord.Outcome.ROLLED_OUT).toList();
        return new DoraMetrics(deploymentFrequency(deployments.size(), Duration.between(from, to)),
                leadTime(deployments), changeFailureRate(changes), recoveryTime(changes, history));
    }

    private static Metric deploymentFrequency(long deployments, Duration window) {
        return new Metric(deployments * SECONDS_PER_DAY / window.toSeconds(), deployments,
                PerformanceLevel.ofDeploymentFrequency(deployments, window));
    }

    private static Metric leadTime(List<DeploymentRecord> deployments) {
        List<Duration> samples = deployments.stream()
                .filter(record -> record.commitTime() != null && record.rolloutEndedAt() != null)
                .map(record -> nonNegative(Duration.between(record.commitTime(), record.rolloutEndedAt()))).toList();
        return median(samples).map(median -> new Metric(seconds(median), samples.size(),
                PerformanceLevel.ofLeadTime(median))).orElseGet(Metric::none);
    }

    private static Metric changeFailureRate(List<DeploymentRecord> changes) {
        List<DeploymentRecord> known = changes.stream().filter(Dora::outcomeKnown).toList();
        if (known.isEmpty()) {
            return Metric.none();
        }
        long failed = known.stream().filter(Dora::failed).count();
        return new Metric((double) failed / known.size(), known.size(),
                PerformanceLevel.ofChangeFailureRate(failed, known.size()));
    }

    private static Metric recoveryTime(List<DeploymentRecord> changes, List<DeploymentRecord> history) {
        Map<String, List<DeploymentRecord>> rolledOut = history.stream()
                .filter(record -> record.outcome() == DeploymentRecord.Outcome.ROLLED_OUT
                        && record.rolloutEndedAt() != null)
                .collect(Collectors.groupingBy(DeploymentRecord::workloadKey));
        List<Duration> samples = new ArrayList<>();
        changes.stream().filter(Dora::failed).forEach(failure -> recovery(failure,
                rolledOut.getOrDefault(failure.workloadKey(), List.of()))
                .ifPresent(recovered -> samples.add(nonNegative(Duration.between(failure.createdAt(), recovered)))));
        return median(samples).map(median -> new Metric(seconds(median), samples.size(),
                PerformanceLevel.ofRecoveryTime(median))).orElseGet(Metric::none);
    }

    /** When the first later revision of the failed one's workload that rolled out finished rolling out. */
    private static Optional<Instant> recovery(DeploymentRecord failure, List<DeploymentRecord> rolledOut) {
        return rolledOut.stream().filter(record -> record.revision() > failure.revision())
                .min(Comparator.comparingLong(DeploymentRecord::revision)).map(DeploymentRecord::rolloutEndedAt);
    }

    private static boolean outcomeKnown(DeploymentRecord change) {
        return change.outcome() == DeploymentRecord.Outcome.ROLLED_OUT
                || change.outcome() == DeploymentRecord.Outcome.FAILED || change.wasRolledBack();
    }

    private static boolean failed(DeploymentRecord change) {
        return change.outcome() == DeploymentRecord.Outcome.FAILED || change.wasRolledBack();
    }

    /** The middle sample, or the mean of the two middle ones. */
    static Optional<Duration> median(List<Duration> samples) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2));
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
