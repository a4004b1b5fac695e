package dev.paved.observability.dora.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each level's boundary, from both sides, for each metric. */
class PerformanceLevelTest {

    @ParameterizedTest(name = "{0} deployments in {1}: {2}")
    @CsvSource({
            "30, P30D, ELITE", "29, P30D, HIGH",
            "1, PT24H, ELITE", "1, PT12H, ELITE", "1, PT25H, HIGH",
            "2, P14D, HIGH", "1, P8D, MEDIUM",
            "1, P30D, MEDIUM", "3, P90D, MEDIUM", "2, P90D, LOW",
            "0, PT12H, LOW", "0, P30D, LOW"})
    void deploymentFrequencyIsAtLeastDailyWeeklyOrMonthly(long deployments, Duration window, PerformanceLevel level) {
        assertEquals(level, PerformanceLevel.ofDeploymentFrequency(deployments, window));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "PT0S, ELITE", "PT23H59M59S, ELITE", "PT24H, HIGH",
            "P6DT23H59M59S, HIGH", "P7D, MEDIUM",
            "P29DT23H59M59S, MEDIUM", "P30D, LOW", "P180D, LOW"})
    void leadTimeIsUnderADayAWeekOrAMonth(Duration median, PerformanceLevel level) {
        assertEquals(level, PerformanceLevel.ofLeadTime(median));
    }

    @ParameterizedTest(name = "{0} of {1}: {2}")
    @CsvSource({
            "0, 1, ELITE", "1, 20, ELITE", "1, 19, HIGH",
            "2, 20, HIGH", "21, 200, MEDIUM",
            "3, 20, MEDIUM", "31, 200, LOW", "1, 1, LOW"})
    void changeFailureRateIsAtMostFiveTenOrFifteenPercent(long failed, long changes, PerformanceLevel level) {
        assertEquals(level, PerformanceLevel.ofChangeFailureRate(failed, changes));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "PT0S, ELITE", "PT59M59S, ELITE", "PT1H, HIGH",
            "PT23H59M59S, HIGH", "PT24H, MEDIUM",
            "P6DT23H59M59S, MEDIUM", "P7D, LOW", "P60D, LOW"})
    void recoveryTimeIsUnderAnHourADayOrAWeek(Duration median, PerformanceLevel level) {
        assertEquals(level, PerformanceLevel.ofRecoveryTime(median));
    }
}
