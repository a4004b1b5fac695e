package dev.paved.observability.logs.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * What a log request asks for, checked: the last {@code tail} lines per container (default 100, at
 * most 10,000), only those of the last {@code since} (a Go duration such as {@code 10m} or
 * {@code 1h30m}), one container or all, the previous (terminated) run, with timestamps.
 */
public record LogOptions(String container, int tail, Duration since, boolean previous, boolean timestamps) {

    public static final int DEFAULT_TAIL = 100;
    public static final int MAX_TAIL = 10_000;

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * @throws ProblemException 400 INVALID_LOG_OPTIONS, a violation per bad parameter
     */
    public static LogOptions of(String container, int tail, String since, boolean previous, boolean timestamps) {
        List<Violation> violations = new ArrayList<>();
        int effectiveTail = tail == 0 ? DEFAULT_TAIL : tail;
        if (effectiveTail < 1 || effectiveTail > MAX_TAIL) {
            violations.add(Violation.parameter("tail", "must be a whole number between 1 and " + MAX_TAIL + ", was "
                    + tail));
        }
        Duration sinceDuration = null;
        if (since != null && !since.isEmpty()) {
            sinceDuration = goDuration(since);
            if (sinceDuration == null || sinceDuration.isZero()) {
                violations.add(Violation.parameter("since", "must be a positive duration such as 10m or 1h30m, was "
                        + since));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_LOG_OPTIONS", "The log request has invalid parameters.",
                    violations);
        }
        return new LogOptions(container == null ? "" : container, effectiveTail, sinceDuration, previous, timestamps);
    }

    /** A Go duration of whole hours, minutes, seconds and milliseconds ({@code 1h30m}, {@code 90s}); null when it is not one. */
    static Duration goDuration(String text) {
        Matcher part = GO_DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount;
            try {
                amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
            } catch (NumberFormatException | ArithmeticException tooLong) {
                return null;
            }
            end = part.end();
        }
        return end == text.length() && end > 0 ? total : null;
    }

    /** Whole seconds to ask the API for, at least one. */
    public Integer sinceSeconds() {
        return since == null ? null : (int) Math.max(1, Math.min(Integer.MAX_VALUE, since.toSeconds()));
    }
}
