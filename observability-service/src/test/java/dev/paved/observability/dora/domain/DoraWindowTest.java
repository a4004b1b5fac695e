package dev.paved.observability.dora.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paved.common.problem.ProblemException;

class DoraWindowTest {

    private static final Duration MAX = Duration.ofDays(90);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"12h, PT12H", "1h, PT1H", "30d, P30D", "2w, P14D", "90d, P90D", "12w, P84D", "2160h, P90D"})
    void aWindowIsHoursDaysOrWeeks(String text, Duration length) {
        DoraWindow window = DoraWindow.parse(text, MAX);
        assertEquals(length, window.length());
        assertEquals(text, window.text());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "30", "d", "0d", "-1d", "30m", "1.5d", "30 d", "30D", "1y", "030d", "9999999d"})
    void anythingElseIsABadRequestAboutTheWindow(String text) {
        ProblemException refused = assertThrows(ProblemException.class, () -> DoraWindow.parse(text, MAX));
        assertEquals(400, refused.status());
        assertEquals("INVALID_WINDOW", refused.code());
        assertEquals("window", refused.errors().get(0).parameter());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"91d", "13w", "2161h"})
    void aWindowLongerThanTheLimitIsABadRequestSayingTheLimit(String text) {
        ProblemException refused = assertThrows(ProblemException.class, () -> DoraWindow.parse(text, MAX));
        assertEquals("window", refused.errors().get(0).parameter());
        assertTrue(refused.errors().get(0).message().contains("at most 90d"), refused.errors().get(0).message());
    }
}
