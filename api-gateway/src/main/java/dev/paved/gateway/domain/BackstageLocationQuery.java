package dev.paved.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * A page of Backstage's {@code POST /locations/by-query}, as its catalog backend reads one: a first
 * request ({@code limit}, default 1000, and a filter predicate {@code query}) or a {@code cursor} that
 * carries both and the id after which the page starts. The predicate is Backstage's: {@code $all},
 * {@code $any} and {@code $not} over conditions on {@code id}, {@code type}, {@code target} and
 * {@code entityRef} (keys in any case), each a value compared without regard to case, or
 * {@code {$exists}}, {@code {$in: [...]}}, {@code {$hasPrefix}}; {@code {$contains}} matches nothing,
 * as there.
 */
public record BackstageLocationQuery(int limit, String afterId, JsonNode predicate) {

    public static final int DEFAULT_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("id", "type", "target", "entityref");

    /** The request's page, its predicate checked; 400 INVALID_PARAMETER or INVALID_CURSOR otherwise. */
    public static BackstageLocationQuery of(JsonNode request) {
        if (request == null || request.isNull() || request.isMissingNode()) {
            return new BackstageLocationQuery(DEFAULT_LIMIT, null, null);
        }
        if (!request.isObject()) {
            throw invalid("", "The request must be a JSON object");
        }
        if (request.has("cursor")) {
            return fromCursor(request.get("cursor"));
        }
        JsonNode limit = request.get("limit");
        if (limit != null && !(limit.isIntegralNumber() && limit.canConvertToInt() && limit.intValue() >= 1)) {
            throw invalid("/limit", "Limit must be a positive integer >= 1");
        }
        JsonNode predicate = request.get("query");
        if (predicate != null) {
            check(predicate, "/query");
        }
        return new BackstageLocationQuery(limit == null ? DEFAULT_LIMIT : limit.intValue(), null, predicate);
    }

    private static BackstageLocationQuery fromCursor(JsonNode cursor) {
        if (!cursor.isTextual() || cursor.asText().isEmpty()) {
            throw cursorInvalid("Cursor cannot be empty");
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(new String(Base64.getDecoder().decode(cursor.asText()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw cursorInvalid("Malformed cursor, unknown encoding");
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("limit").isIntegralNumber()
                || !parsed.path("limit").canConvertToInt() || parsed.path("limit").intValue() < 1
                || (parsed.has("afterId") && !parsed.get("afterId").isTextual())) {
            throw cursorInvalid("Malformed cursor");
        }
        JsonNode predicate = parsed.get("query");
        if (predicate != null) {
            try {
                check(predicate, "/query");
            } catch (ProblemException e) {
                throw cursorInvalid("Malformed cursor: " + e.errors().get(0).message());
            }
        }
        return new BackstageLocationQuery(parsed.get("limit").intValue(),
                parsed.has("afterId") ? parsed.get("afterId").asText() : null, predicate);
    }

    /** One page of locations and the count of all that match. */
    public record Page<T>(List<T> items, int totalItems, String nextCursor) {
    }

    /**
     * This query's page of {@code locations}, by id as Backstage orders them, each read through
     * {@code fields} ({@code id}, {@code type}, {@code target}, {@code entityRef}).
     */
    public <T> Page<T> page(List<T> locations, Function<T, Map<String, String>> fields) {
        List<Read<T>> matching = locations.stream().map(location -> new Read<>(location, fields.apply(location)))
                .filter(read -> matches(read.fields())).sorted(Comparator.comparing(Read::id)).toList();
        List<Read<T>> after = afterId == null ? matching
                : matching.stream().filter(read -> read.id().compareTo(afterId) > 0).toList();
        List<Read<T>> items = after.subList(0, Math.min(limit, after.size()));
        String next = after.size() > items.size() ? nextCursor(items.get(items.size() - 1).id()) : null;
        return new Page<>(items.stream().map(Read::location).toList(), matching.size(), next);
    }

    /** A location with its fields, read once. */
    private record Read<T>(T location, Map<String, String> fields) {

        String id() {
            return fields.get("id");
        }
    }

    /** The cursor of the page that follows the one that ended at {@code lastId}. */
    private String nextCursor(String lastId) {
        ObjectNode cursor = JsonNodeFactory.instance.objectNode().put("limit", limit).put("afterId", lastId);
        if (predicate != null) {
            cursor.set("query", predicate);
        }
        return Base64.getEncoder().encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    private boolean matches(Map<String, String> location) {
        return predicate == null || matches(predicate, location);
    }

    private static boolean matches(JsonNode predicate, Map<String, String> location) {
        if (predicate.has("$all")) {
            List<JsonNode> all = list(predicate.get("$all"));
            return !all.isEmpty() && all.stream().allMatch(each -> matches(each, location));
        }
        if (predicate.has("$any")) {
            return list(predicate.get("$any")).stream().anyMatch(each -> matches(each, location));
        }
        if (predicate.has("$not")) {
            return !matches(predicate.get("$not"), location);
        }
        Iterator<Map.Entry<String, JsonNode>> conditions = predicate.fields();
        while (conditions.hasNext()) {
            Map.Entry<String, JsonNode> condition = conditions.next();
            if (!holds(location.get(field(condition.getKey())), condition.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(String value, JsonNode matcher) {
        if (matcher.isValueNode()) {
            return value != null && value.equalsIgnoreCase(matcher.asText());
        }
        if (matcher.has("$exists")) {
            return matcher.get("$exists").asBoolean() == (value != null);
        }
        if (matcher.has("$in")) {
            return value != null && list(matcher.get("$in")).stream().anyMatch(each -> value.equalsIgnoreCase(each.asText()));
        }
        if (matcher.has("$hasPrefix")) {
            return value != null && value.toLowerCase(Locale.ROOT)
                    .startsWith(matcher.get("$hasPrefix").asText().toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /** The predicate's shape, as Backstage's backend checks it before it queries. */
    private static void check(JsonNode predicate, String pointer) {
        if (!predicate.isObject()) {
            throw invalid(pointer, "Invalid filter predicate, expected an object");
        }
        for (String logic : List.of("$all", "$any")) {
            if (predicate.has(logic)) {
                JsonNode parts = predicate.get(logic);
                if (!parts.isArray()) {
                    throw invalid(pointer + "/" + logic, "Invalid filter predicate, " + logic + " must be an array");
                }
                for (int i = 0; i < parts.size(); i++) {
                    check(parts.get(i), pointer + "/" + logic + "/" + i);
                }
                return;
            }
        }
        if (predicate.has("$not")) {
            check(predicate.get("$not"), pointer + "/$not");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> conditions = predicate.fields();
        while (conditions.hasNext()) {
            Map.Entry<String, JsonNode> condition = conditions.next();
            String key = condition.getKey();
            String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (key.startsWith("$")) {
                throw invalid(at, "Invalid filter predicate, unknown logic operator '" + key + "'");
            }
            if (!FIELDS.contains(key.toLowerCase(Locale.ROOT))) {
                throw invalid(at, "Invalid filter predicate, expected key to be 'id', 'type', 'target', or"
                        + " 'entityRef', got '" + key + "'");
            }
            checkMatcher(condition.getValue(), at);
        }
    }

    private static void checkMatcher(JsonNode matcher, String pointer) {
        if (matcher.isTextual() || matcher.isNumber() || matcher.isBoolean()) {
            return;
        }
        boolean known = matcher.isObject() && matcher.size() == 1 && (matcher.path("$exists").isBoolean()
                || (matcher.path("$in").isArray() && allValues(matcher.get("$in")))
                || matcher.path("$hasPrefix").isTextual() || matcher.has("$contains"));
        if (!known) {
            throw invalid(pointer, "Invalid filter predicate, got unknown matcher object '" + matcher + "'");
        }
    }

    private static boolean allValues(JsonNode array) {
        return list(array).stream().allMatch(each -> each.isTextual() || each.isNumber() || each.isBoolean());
    }

    private static List<JsonNode> list(JsonNode array) {
        return array == null ? List.of() : StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String field(String key) {
        return key.toLowerCase(Locale.ROOT).equals("entityref") ? "entityRef" : key.toLowerCase(Locale.ROOT);
    }

    private static ProblemException invalid(String pointer, String message) {
        return ProblemException.badRequest("INVALID_PARAMETER", message + ".", Violation.at(pointer, message));
    }

    private static ProblemException cursorInvalid(String message) {
        return ProblemException.badRequest("INVALID_CURSOR", message + ".", Violation.at("/cursor", message));
    }
}
