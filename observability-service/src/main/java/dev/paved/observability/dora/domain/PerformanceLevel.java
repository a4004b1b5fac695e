package dev.paved.observability.dora.domain;

import java.time.Duration;

/**
 * The DORA report's performance clusters, and where a metric's value falls among them. The
 * boundaries are those of the 2023 Accelerate State of DevOps Report's clusters; its throughput
 * boundaries (a day, a week, a month) are also the 2024 report's, whose stability clusters are not
 * ordered (its medium cluster fails less often than its high one) and so cannot bound levels.
 * docs/dora.md has the table and the reasoning. A value on a boundary belongs to the level whose
 * range includes it: "less than one day" excludes a day, "5%" includes 5%.
 */
public enum PerformanceLevel {
    ELITE,
    HIGH,
    MEDIUM,
    LOW;

    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration MONTH = Duration.ofDays(30);
    static final Duration HOUR = Duration.ofHours(1);

    /** On demand (at least daily), at least weekly, at least monthly, or less often. */
    static PerformanceLevel ofDeploymentFrequency(long deployments, Duration window) {
        if (atLeastOnceEvery(DAY, deployments, window)) {
            return ELITE;
        }
        if (atLeastOnceEvery(WEEK, deployments, window)) {
            return HIGH;
        }
        return atLeastOnceEvery(MONTH, deployments, window) ? MEDIUM : LOW;
    }

    /** Less than a day, less than a week, less than a month, or longer. */
    static PerformanceLevel ofLeadTime(Duration median) {
        return below(median, DAY, WEEK, MONTH);
    }

    /** At most 5%, 10%, 15%, or more. */
    static PerformanceLevel ofChangeFailureRate(long failed, long changes) {
        if (failed * 100 <= 5 * changes) {
            return ELITE;
        }
        if (failed * 100 <= 10 * changes) {
            return HIGH;
        }
        return failed * 100 <= 15 * changes ? MEDIUM : LOW;
    }

    /** Less than an hour, less than a day, less than a week, or longer. */
    static PerformanceLevel ofRecoveryTime(Duration median) {
        return below(median, HOUR, DAY, WEEK);
    }

    /** Exact: {@code deployments} per {@code window} is at least one per {@code period}. */
    private static boolean atLeastOnceEvery(Duration period, long deployments, Duration window) {
        return period.multipliedBy(deployments).compareTo(window) >= 0;
    }

    private static PerformanceLevel below(Duration value, Duration elite, Duration high, Duration medium) {
        if (value.compareTo(elite) < 0) {
            return ELITE;
        }
        if (value.compareTo(high) < 0) {
            return HIGH;
        }
        return value.compareTo(medium) < 0 ? MEDIUM : LOW;
    }
}
