package dev.paved.gateway.api.observability;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * The query parameters of the observability endpoints whose rules are simple enough to check before
 * asking observability-service, refused with the codes it uses itself. Absent means the backend's
 * default (0, empty or false).
 */
final class ObservabilityParameters {

    static final int MAX_EVENTS = 1000;
    static final int MAX_TAIL = 10_000;
    /** A Go duration of hours, minutes and seconds, as kubectl logs --since takes it: 90s, 10m, 1h30m. */
    private static final Pattern DURATION = Pattern.compile("(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?");

    private ObservabilityParameters() {
    }

    static int limit(String text) {
        return wholeNumber(text, "limit", MAX_EVENTS, "INVALID_LIMIT");
    }

    static int tail(String text) {
        return wholeNumber(text, "tail", MAX_TAIL, "INVALID_TAIL");
    }

    /** An RFC 3339 date-time, e.g. 2027-01-15T08:00:00Z; null when absent. */
    static Timestamp sinceTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
        } catch (DateTimeParseException notRfc3339) {
            throw ProblemException.badRequest("INVALID_SINCE", "since must be an RFC 3339 date-time.",
                    Violation.parameter("since", "must be an RFC 3339 date-time such as 2027-01-15T08:00:00Z, was "
                            + text));
        }
    }

    /** How long ago, e.g. 10m or 1h30m; empty when absent. */
    static String sinceDuration(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String duration = text.trim();
        if (!DURATION.matcher(duration).matches() || duration.replaceAll("[hms]", "").chars().allMatch(c -> c == '0')) {
            throw ProblemException.badRequest("INVALID_SINCE", "since must be a duration such as 10m or 1h30m.",
                    Violation.parameter("since", "must be a positive duration of hours, minutes and seconds "
                            + "such as 10m or 1h30m, was " + text));
        }
        return duration;
    }


    private static int wholeNumber(String text, String parameter, int max, String code) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1 && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, like any other value outside the range.
        }
        throw ProblemException.badRequest(code, parameter + " must be a whole number between 1 and " + max + ".",
                Violation.parameter(parameter, "must be a whole number between 1 and " + max + ", was " + text));
    }
}
