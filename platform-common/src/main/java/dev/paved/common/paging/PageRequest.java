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
            throw ProblemException.badRequest("INVALID_LIMIT", "limit must be between 1 and " + MAX_LIMIT + ".",
                    Violation.parameter("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        return new PageRequest(effective, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    public boolean isFirstPage() {
        return cursor == null;
    }
}
