package dev.paved.gateway.api.operations;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** Query parameters and headers of the provisioning endpoints that need more than a string. */
public final class QueryParameters {

    private QueryParameters() {
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
