package dev.paved.gateway.domain;

import java.util.List;
import java.util.Locale;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * Backstage's catalog query parameters in Paved's terms. Backstage's filter and fields syntax is
 * Paved's own and passes through unchanged (the catalog checks it); orders, limits and offsets are
 * translated and checked here.
 */
public final class BackstageQueries {

    /** Backstage's page size for by-query when the caller names none. */
    public static final int DEFAULT_QUERY_LIMIT = 20;
    /** No limit: GET /entities without one answers every match, as Backstage's does. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private BackstageQueries() {
    }

    /**
     * GET /entities' {@code order=asc:metadata.name} as Paved's {@code metadata.name,asc}, or null
     * without one; like Paved's own order, given once ({@link CatalogOrder}).
     */
    public static String order(List<String> directives) {
        String directive = CatalogOrder.single(directives);
        if (directive == null) {
            return null;
        }
        int colon = directive.indexOf(':');
        String direction = colon < 0 ? "" : directive.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc") || colon == directive.length() - 1) {
            throw invalid("order", "INVALID_ORDER", "must read asc:<field> or desc:<field>, was " + directive);
        }
        return directive.substring(colon + 1) + "," + direction;
    }

    /**
     * by-query's {@code orderField=metadata.name,desc} (direction optional, ascending by default), or
     * null without one. As in Backstage, only the first orderField counts.
     */
    public static String orderField(List<String> fields) {
        List<String> given = fields == null ? List.of() : fields.stream().filter(f -> !f.isBlank()).toList();
        if (given.isEmpty()) {
            return null;
        }
        String[] parts = given.get(0).trim().split(",", -1);
        String direction = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
        if (parts.length > 2 || parts[0].isBlank() || !direction.equals("asc") && !direction.equals("desc")) {
            throw invalid("orderField", "INVALID_ORDER", "must read <field>,asc or <field>,desc, was " + given.get(0));
        }
        return parts[0].trim() + "," + direction;
    }

    /** A count parameter (limit, offset): {@code absent} when not given, else a whole number of 0 or more. */
    public static int count(String parameter, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long count = Long.parseLong(value.trim());
            if (count >= 0) {
                return (int) Math.min(count, UNLIMITED);
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, like a negative count.
        }
        throw invalid(parameter, "INVALID_" + parameter.toUpperCase(Locale.ROOT),
                "must be a whole number of 0 or more, was " + value);
    }

    /** by-query's {@code totalItems}: include (the default) or exclude. */
    public static boolean includeTotal(String totalItems) {
        if (totalItems == null || totalItems.equals("include")) {
            return true;
        }
        if (totalItems.equals("exclude")) {
            return false;
        }
        throw invalid("totalItems", "INVALID_TOTAL_ITEMS", "must be include or exclude, was " + totalItems);
    }

    private static ProblemException invalid(String parameter, String code, String why) {
        return ProblemException.badRequest(code, "The parameter " + parameter + " is not valid: " + why + ".",
                Violation.parameter(parameter, why));
    }
}
