package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * Backstage's filter syntax: every {@code filter} parameter is a set of comma-separated conditions
 * that must all hold; an entity matches when any set holds. A condition {@code key=value} compares
 * case-insensitively (repeating a key in one set accepts any of its values); a bare {@code key}
 * asks that the field exists.
 */
public record EntityFilter(List<List<Condition>> alternatives) {

    static final int MAX_SETS = 20;
    static final int MAX_CONDITIONS = 20;
    // No NUL: stored text cannot hold one, and PostgreSQL refuses it as a parameter.
    private static final Pattern VALUE = Pattern.compile("[^=,\\x00]{1,200}");

    public static final EntityFilter NONE = new EntityFilter(List.of());

    /** One condition: the key, and the values of which one must match; none means the key must exist. */
    public record Condition(String key, List<String> values) {

        public boolean isExistence() {
            return values.isEmpty();
        }
    }

    public boolean isEmpty() {
        return alternatives.isEmpty();
    }

    public static EntityFilter parse(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return NONE;
        }
        if (filters.size() > MAX_SETS) {
            throw invalid("at most " + MAX_SETS + " filter parameters are allowed");
        }
        List<List<Condition>> alternatives = new ArrayList<>();
        for (String filter : filters) {
            if (filter == null || filter.isBlank()) {
                throw invalid("a filter must not be empty");
            }
            Map<String, List<String>> conditions = new LinkedHashMap<>();
            String[] parts = filter.split(",", -1);
            if (parts.length > MAX_CONDITIONS) {
                throw invalid("a filter holds at most " + MAX_CONDITIONS + " conditions");
            }
            for (String part : parts) {
                String condition = part.trim();
                int equals = condition.indexOf('=');
                String key = (equals < 0 ? condition : condition.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                if (!FieldPaths.isPath(key)) {
                    throw invalid("'" + condition + "' is not a condition: write key=value or key");
                }
                List<String> values = conditions.computeIfAbsent(key, k -> new ArrayList<>());
                if (equals >= 0) {
                    String value = condition.substring(equals + 1).trim();
                    if (!VALUE.matcher(value).matches()) {
                        throw invalid("'" + condition + "' has no valid value: write key=value, or key alone to ask that it exists");
                    }
                    values.add(value.toLowerCase(Locale.ROOT));
                }
            }
            List<Condition> set = new ArrayList<>();
            conditions.forEach((key, values) -> set.add(new Condition(key, List.copyOf(values))));
            alternatives.add(List.copyOf(set));
        }
        return new EntityFilter(List.copyOf(alternatives));
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("INVALID_FILTER", "The filter is not valid: " + why + ".",
                Violation.parameter("filter", why));
    }
}
