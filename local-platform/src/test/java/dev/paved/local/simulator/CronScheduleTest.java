package dev.paved.local.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *          | 2026-03-01T10:15:30Z | 2026-03-01T10:16:00Z
            */15 * * * *       | 2026-03-01T10:15:00Z | 2026-03-01T10:30:00Z
            0 */6 * * *        | 2026-03-01T10:15:00Z | 2026-03-01T12:00:00Z
            30 2 * * *         | 2026-03-01T10:15:00Z | 2026-03-02T02:30:00Z
            0 9 * * MON-FRI    | 2026-03-06T10:00:00Z | 2026-03-09T09:00:00Z
            0 0 1 JAN *        | 2026-03-01T10:15:00Z | 2027-01-01T00:00:00Z
            0 0 29 2 *         | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z
            5,35 8-9 * * *     | 2026-03-01T08:35:00Z | 2026-03-01T09:05:00Z
            0 12 13 * FRI      | 2026-03-01T00:00:00Z | 2026-03-06T12:00:00Z
            0 0 * * 7          | 2026-03-02T00:00:00Z | 2026-03-08T00:00:00Z
            @hourly            | 2026-03-01T10:15:00Z | 2026-03-01T11:00:00Z
            @weekly            | 2026-03-01T10:15:00Z | 2026-03-08T00:00:00Z
            10-50/20 * * * *   | 2026-03-01T10:31:00Z | 2026-03-01T10:50:00Z
            """)
    void theNextTimeIsTheFirstTheScheduleNamesAfterTheGivenOne(String expression, String after, String next) {
        assertEquals(Instant.parse(next), CronSchedule.parse(expression).next(Instant.parse(after), ZoneOffset.UTC)
                .orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * *          | expected exactly 5 fields
            60 * * * *       | minute out of range
            * 24 * * *       | hour out of range
            * * 0 * *        | day of month out of range
            * * * 13 *       | month out of range
            * * * * MONDAY   | failed to parse the day of week
            */0 * * * *      | step of range should be a positive number
            30-10 * * * *    | beginning of range (30) beyond end of range (10)
            @fortnightly     | unrecognized descriptor
            TZ=UTC * * * * * | not supported; use spec.timeZone
            """)
    void anInvalidScheduleIsRefusedWithWhatIsWrong(String expression, String problem) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse(expression));
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * * | Europe/Berlin    | 2026-03-01T10:00:00Z | 2026-03-02T08:00:00Z
            0 9 * * * | America/New_York | 2026-03-01T10:00:00Z | 2026-03-01T14:00:00Z
            """)
    void aScheduleIsReadInTheCronJobsTimeZone(String expression, String zone, String after, String next) {
        assertEquals(Instant.parse(next), CronSchedule.parse(expression).next(Instant.parse(after), ZoneId.of(zone))
                .orElseThrow());
    }
}
