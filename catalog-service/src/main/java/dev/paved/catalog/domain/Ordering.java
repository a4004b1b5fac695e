package dev.paved.catalog.domain;

import java.util.Locale;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * The {@code order} parameter: {@code field}, {@code field,asc} or {@code field,desc}, on a search key
 * ({@code metadata.name}, {@code spec.lifecycle}); ties and the default order go by entity ref.
 */
public record Ordering(String field, boolean descending) {

    public static final Ordering BY_REF = new Ordering(null, false);

    public boolean isByRef() {
        return field == null;
    }

    /** The same field the other way round: a page before a position is the page after it in this order. */
    public Ordering reversed() {
        return new Ordering(field, !descending);
    }

    /** How a cursor remembers the order it belongs to. */
    public String token() {
        return (field == null ? "ref" : field) + (descending ? ",desc" : ",asc");
    }

    public static Ordering parse(String order) {
        if (order == null || order.isBlank()) {
            return BY_REF;
        }
        String[] parts = order.split(",", -1);
        String field = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean descending = false;
        if (parts.length == 2) {
            String direction = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw invalid("the direction must be asc or desc");
            }
            descending = direction.equals("desc");
        }
        if (parts.length > 2 || !FieldPaths.isPath(field)) {
            throw invalid("write field, field,asc or field,desc");
        }
        return new Ordering(field, descending);
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("INVALID_ORDER", "The order is not valid: " + why + ".",
                Violation.parameter("order", why));
    }
}
