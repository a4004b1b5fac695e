package dev.paved.observability.dora.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.observability.dora.domain.DeploymentRecord.Outcome;

/** Each metric computed from deployment histories, one row per rule. */
class DoraTest {

    static final Instant END = Instant.parse("2027-03-01T00:00:00Z");
    static final Instant START = END.minus(Duration.ofDays(30));

    /** A revision created {@code day} days and {@code hour} hours into the window. */
    record Rev(String environment, String workload, long number, Instant createdAt, Instant commitTime,
            Outcome outcome, Instant endedAt, long rolledBackTo, long rolledBackBy) {

        static Rev of(String workload, long number, int day, int hour) {
            return new Rev("shop-prod", workload, number, START.plus(Duration.ofDays(day).plusHours(hour)), null,
                    Outcome.UNFINISHED, null, 0, 0);
        }

        Rev rolledOutAfter(Duration rollout) {
            return new Rev(environment, workload, number, createdAt, commitTime, Outcome.ROLLED_OUT,
                    createdAt.plus(rollout), rolledBackTo, rolledBackBy);
        }

        Rev rolledOut() {
            return rolledOutAfter(Duration.ofMinutes(5));
        }

        Rev failedAfter(Duration rollout) {
            return new Rev(environment, workload, number, createdAt, commitTime, Outcome.FAILED,
                    createdAt.plus(rollout), rolledBackTo, rolledBackBy);
        }

        Rev superseded() {
            return new Rev(environment, workload, number, createdAt, commitTime, Outcome.SUPERSEDED,
                    createdAt.plusSeconds(60), rolledBackTo, rolledBackBy);
        }

        /** Committed this long before its rollout ended (so the lead time is exactly that). */
        Rev leadTime(Duration lead) {
            return new Rev(environment, workload, number, createdAt, endedAt.minus(lead), outcome, endedAt,
                    rolledBackTo, rolledBackBy);
        }

        Rev rollbackTo(long target) {
            return new Rev(environment, workload, number, createdAt, commitTime, outcome, endedAt, target,
                    rolledBackBy);
        }

        Rev rolledBackBy(long rollback) {
            return new Rev(environment, workload, number, createdAt, commitTime, outcome, endedAt, rolledBackTo,
                    rollback);
        }

        Rev in(String otherEnvironment) {
            return new Rev(otherEnvironment, workload, number, createdAt, commitTime, outcome, endedAt, rolledBackTo,
                    rolledBackBy);
        }

        DeploymentRecord record() {
            return new DeploymentRecord(environment, workload, number, createdAt, commitTime, outcome, endedAt,
                    rolledBackTo, rolledBackBy);
        }
    }

    /** One rule: a history, the metric looked at, and its expected value (null: none), events and level. */
    record Row(String rule, List<Rev> history, Function<DoraMetrics, Metric> metric, Double value, long events,
            PerformanceLevel level) {

        @Override
        public String toString() {
            return rule;
        }
    }

    static final Function<DoraMetrics, Metric> FREQUENCY = DoraMetrics::deploymentFrequency;
    static final Function<DoraMetrics, Metric> LEAD_TIME = DoraMetrics::leadTimeForChanges;
    static final Function<DoraMetrics, Metric> FAILURE_RATE = DoraMetrics::changeFailureRate;
    static final Function<DoraMetrics, Metric> RECOVERY = DoraMetrics::failedDeploymentRecoveryTime;

    static List<Rev> daily(int days) {
        return IntStream.range(0, days).mapToObj(day -> Rev.of("web", day + 1, day, 9).rolledOut()).toList();
    }

    static Stream<Row> rows() {
        Duration hour = Duration.ofHours(1);
        return Stream.of(
                // Deployment frequency: rolled-out changes per day of the window.
                new Row("a deployment a day is elite", daily(30), FREQUENCY, 1.0, 30, PerformanceLevel.ELITE),
                new Row("29 in 30 days is high", daily(29), FREQUENCY, 29 / 30.0, 29, PerformanceLevel.HIGH),
                new Row("failed, superseded and unfinished revisions are not deployments", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(), Rev.of("web", 2, 2, 0).failedAfter(hour),
                        Rev.of("web", 3, 3, 0).superseded(), Rev.of("web", 4, 4, 0)),
                        FREQUENCY, 1 / 30.0, 1, PerformanceLevel.MEDIUM),
                new Row("a rollback is not a deployment of a change", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(), Rev.of("web", 2, 2, 0).rolledOut().rolledBackBy(3),
                        Rev.of("web", 3, 2, 1).rolledOut().rollbackTo(1)),
                        FREQUENCY, 2 / 30.0, 2, PerformanceLevel.MEDIUM),
                new Row("revisions before the window do not count", List.of(
                        Rev.of("web", 1, -1, 0).rolledOut(), Rev.of("web", 2, 0, 0).rolledOut()),
                        FREQUENCY, 1 / 30.0, 1, PerformanceLevel.MEDIUM),
                new Row("no deployment is a frequency of zero, low", List.of(), FREQUENCY, 0.0, 0,
                        PerformanceLevel.LOW),
                // Lead time: median from commit to rolled out, over deployments with a commit time.
                new Row("the median of an odd count is the middle one", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut().leadTime(hour),
                        Rev.of("web", 2, 2, 0).rolledOut().leadTime(hour.multipliedBy(30)),
                        Rev.of("web", 3, 3, 0).rolledOut().leadTime(hour.multipliedBy(3))),
                        LEAD_TIME, 3 * 3600.0, 3, PerformanceLevel.ELITE),
                new Row("the median of an even count is the mean of the middle two", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut().leadTime(Duration.ofDays(2)),
                        Rev.of("web", 2, 2, 0).rolledOut().leadTime(Duration.ofDays(10))),
                        LEAD_TIME, 6 * 86400.0, 2, PerformanceLevel.HIGH),
                new Row("deployments without a commit time and failed changes are no samples", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(),
                        Rev.of("web", 2, 2, 0).failedAfter(hour).leadTime(hour),
                        Rev.of("web", 3, 3, 0).rolledOut().leadTime(Duration.ofDays(8))),
                        LEAD_TIME, 8 * 86400.0, 1, PerformanceLevel.MEDIUM),
                new Row("a commit after the rollout (a skewed clock) is a lead time of zero", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut().leadTime(hour.negated())),
                        LEAD_TIME, 0.0, 1, PerformanceLevel.ELITE),
                new Row("a month or more is low", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut().leadTime(Duration.ofDays(45))),
                        LEAD_TIME, 45 * 86400.0, 1, PerformanceLevel.LOW),
                new Row("no deployment is no lead time", List.of(Rev.of("web", 1, 1, 0).failedAfter(hour)),
                        LEAD_TIME, null, 0, null),
                // Change failure rate: failed or rolled-back changes over changes with an outcome.
                new Row("failed and rolled-back changes over changes with an outcome", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(), Rev.of("web", 2, 2, 0).rolledOut(),
                        Rev.of("web", 3, 3, 0).rolledOut(), Rev.of("web", 4, 4, 0).rolledOut().rolledBackBy(5),
                        Rev.of("web", 5, 4, 1).rolledOut().rollbackTo(3), Rev.of("web", 6, 5, 0).failedAfter(hour),
                        Rev.of("web", 7, 6, 0).superseded(), Rev.of("web", 8, 7, 0)),
                        FAILURE_RATE, 2 / 5.0, 5, PerformanceLevel.LOW),
                new Row("a change superseded by a rollback failed", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(), Rev.of("web", 2, 2, 0).superseded().rolledBackBy(3),
                        Rev.of("web", 3, 2, 1).rolledOut().rollbackTo(1)),
                        FAILURE_RATE, 1 / 2.0, 2, PerformanceLevel.LOW),
                new Row("one failure in twenty changes is elite", Stream.concat(daily(19).stream(),
                        Stream.of(Rev.of("web", 20, 20, 12).failedAfter(hour))).toList(),
                        FAILURE_RATE, 0.05, 20, PerformanceLevel.ELITE),
                new Row("no failure is a rate of zero", daily(3), FAILURE_RATE, 0.0, 3, PerformanceLevel.ELITE),
                new Row("no change with an outcome is no rate", List.of(Rev.of("web", 1, 1, 0).superseded()),
                        FAILURE_RATE, null, 0, null),
                // Recovery: from the failed revision's creation to the next rolled-out revision of its workload.
                new Row("a failed rollout is recovered by the next revision that rolls out", List.of(
                        Rev.of("web", 1, 1, 0).failedAfter(Duration.ofMinutes(10)),
                        Rev.of("web", 2, 1, 0).failedAfter(Duration.ofMinutes(20)),
                        Rev.of("web", 3, 1, 0).rolledOutAfter(Duration.ofMinutes(40))),
                        RECOVERY, 40 * 60.0, 2, PerformanceLevel.ELITE),
                new Row("a rolled-back change is recovered by the rollback's rollout", List.of(
                        Rev.of("web", 1, 1, 0).rolledOut(), Rev.of("web", 2, 2, 0).rolledOut().rolledBackBy(3),
                        Rev.of("web", 3, 2, 3).rolledOutAfter(Duration.ofMinutes(30)).rollbackTo(1)),
                        RECOVERY, 3.5 * 3600, 1, PerformanceLevel.HIGH),
                new Row("another workload's rollout recovers nothing", List.of(
                        Rev.of("web", 1, 1, 0).failedAfter(hour), Rev.of("api", 2, 1, 2).rolledOut(),
                        Rev.of("web", 2, 1, 3).rolledOut().in("shop-staging")),
                        RECOVERY, null, 0, null),
                new Row("a failure before the window is not counted, one recovered after the window's changes is",
                        List.of(Rev.of("web", 1, -2, 0).failedAfter(hour), Rev.of("web", 2, 20, 0).failedAfter(hour),
                                Rev.of("web", 3, 29, 0).rolledOutAfter(hour)),
                        RECOVERY, 9 * 86400.0 + 3600, 1, PerformanceLevel.LOW),
                new Row("a day to a week is medium", List.of(
                        Rev.of("web", 1, 1, 0).failedAfter(hour), Rev.of("web", 2, 3, 0).rolledOutAfter(hour)),
                        RECOVERY, 2 * 86400.0 + 3600, 1, PerformanceLevel.MEDIUM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachMetricFollowsItsRule(Row row) {
        Metric metric = row.metric().apply(Dora.compute(row.history().stream().map(Rev::record).toList(), START, END));

        if (row.value() == null) {
            assertNull(metric.value(), row.rule());
        } else {
            assertEquals(row.value(), metric.value(), 1e-9, row.rule());
        }
        assertEquals(row.events(), metric.events(), row.rule());
        assertEquals(row.level(), metric.level(), row.rule());
    }

    @Test
    void anEmptyWindowHasOnlyAFrequencyOfZero() {
        DoraMetrics metrics = Dora.compute(List.of(), START, END);

        assertEquals(new Metric(0.0, 0, PerformanceLevel.LOW), metrics.deploymentFrequency());
        assertEquals(Metric.none(), metrics.leadTimeForChanges());
        assertEquals(Metric.none(), metrics.changeFailureRate());
        assertEquals(Metric.none(), metrics.failedDeploymentRecoveryTime());
    }

    @Test
    void aShortWindowCountsPerDayOfItsLength() {
        Instant start = END.minus(Duration.ofHours(12));
        DoraMetrics metrics = Dora.compute(List.of(new DeploymentRecord("shop-prod", "web", 1, start.plusSeconds(60),
                null, Outcome.ROLLED_OUT, start.plusSeconds(120), 0, 0)), start, END);

        assertEquals(new Metric(2.0, 1, PerformanceLevel.ELITE), metrics.deploymentFrequency());
    }
}
