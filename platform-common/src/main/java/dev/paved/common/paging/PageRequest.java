package dev.paved.common.paging;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * A validated page request: {@code limit} defaults to 50 and must lie in 1..500; {@code cursor} is
 * the decoded position after which the page starts, or null for the first page.
 */
public record PageRequest(int limit, Cursor cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** From REST or gRPC input, where an absent limit is null (REST) or 0 (proto3 default). */
    public static PageRequest of(Integer limit, String cursor) {
        int effective = limit == null || limit == 0 ? DEFAULT_LIMIT : limit;
        if (effective < 1 || effective > MAX_LIMIT) {
            throw invalidLimit(limit);
        }
        return new PageRequest(effective, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    /**
     * A REST {@code limit} query parameter as the services take it over gRPC: 0 when absent (their
     * default), else a whole number in 1..500. Anything else is refused before a service is called.
     */
    public static int limitParameter(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long limit = Long.parseLong(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return (int) limit;
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, like any other limit outside the range.
        }
        throw invalidLimit(text);
    }

    private static ProblemException invalidLimit(Object given) {
        return ProblemException.badRequest("INVALID_LIMIT", "limit must be a whole number between 1 and " + MAX_LIMIT
                + ".", Violation.parameter("limit", "must be a whole number between 1 and " + MAX_LIMIT + ", was "
                        + given));
    }

    public boolean isFirstPage() {
        return cursor == null;
    }
}
