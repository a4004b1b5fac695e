package dev.paved.observability.logs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paved.common.problem.ProblemException;

class LogOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10m,600", "1h30m,5400", "45s,45", "1500ms,1"})
    void sinceIsAGoDuration(String since, long seconds) {
        LogOptions options = LogOptions.of("", 0, since, false, false);
        assertEquals(Duration.ofSeconds(seconds), Duration.ofSeconds(options.sinceSeconds()));
        assertEquals(LogOptions.DEFAULT_TAIL, options.tail());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10", "m", "-5m", "10 m", "0s", "1d", "10m5"})
    void anythingElseAsSinceIsABadRequestAboutTheParameter(String since) {
        ProblemException refused = assertThrows(ProblemException.class, () -> LogOptions.of("", 0, since, false, false));
        assertEquals(400, refused.status());
        assertEquals("since", refused.errors().get(0).parameter());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {-1, 10_001})
    void aTailOutsideOneTo10000IsABadRequestAboutTheParameter(int tail) {
        ProblemException refused = assertThrows(ProblemException.class, () -> LogOptions.of("", tail, "", false, false));
        assertEquals("INVALID_LOG_OPTIONS", refused.code());
        assertEquals("tail", refused.errors().get(0).parameter());
    }
}
