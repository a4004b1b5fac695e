package dev.paved.gateway.api.operations;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** Query parameters and headers of the provisioning endpoints that need more than a string. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The page size; its range is checked by the service that pages (0 is its default). */
    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below, like any other bad limit.
        }
        throw ProblemException.badRequest("INVALID_LIMIT", "limit must be between 1 and 500.",
                Violation.parameter("limit", "must be a whole number between 1 and 500, was " + limit));
    }

    public static String orEmpty(String value) {
        return value == null ? "" : value;
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
