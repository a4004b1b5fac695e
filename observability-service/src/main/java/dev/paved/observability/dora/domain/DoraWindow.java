package dev.paved.observability.dora.domain;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** How far back DORA metrics look: a whole number of hours, days or weeks ({@code 12h}, {@code 30d}, {@code 2w}). */
public record DoraWindow(String text, Duration length) {

    private static final String INVALID_WINDOW = "INVALID_WINDOW";
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([hdw])");

    /** The window {@code text} names, at most {@code max} long. */
    public static DoraWindow parse(String text, Duration max) {
        Matcher matcher = WINDOW.matcher(text);
        if (!matcher.matches()) {
            throw invalid("must be a whole number of hours, days or weeks such as 12h, 30d or 2w, was '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration length = switch (matcher.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
        if (length.compareTo(max) > 0) {
            throw invalid("must be at most " + describe(max) + ", was " + text);
        }
        return new DoraWindow(text, length);
    }

    /** A limit as a window would be written: in days when whole days, else in hours. */
    private static String describe(Duration duration) {
        return duration.toHours() % 24 == 0 ? duration.toDays() + "d" : duration.toHours() + "h";
    }

    private static ProblemException invalid(String message) {
        return ProblemException.badRequest(INVALID_WINDOW, "The window is not valid.",
                Violation.parameter("window", message));
    }
}
