package dev.paved.gateway.api;

import java.util.Locale;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** Query parameters and headers that need more than a string. */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * A true/false parameter, false when absent. Anything else is refused rather than read as false: a
     * mistyped {@code dryRun} must not make a real change.
     */
    public static boolean flag(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest("INVALID_BOOLEAN", parameter + " must be true or false.",
                    Violation.parameter(parameter, "must be true or false, was " + text));
        };
    }

    /** The etag of an {@code If-Match} header ({@code "7"}); empty for none or {@code *}. */
    public static String ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return "";
        }
        String value = header.trim();
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw ProblemException.badRequest("INVALID_IF_MATCH", "If-Match must be one quoted etag.",
                    Violation.parameter("If-Match", "must be an etag such as \"7\""));
        }
        return value.substring(1, value.length() - 1);
    }
}
