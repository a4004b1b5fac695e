package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * The {@code fields} parameter: dotted paths to keep ({@code metadata.name}, {@code spec.owner}),
 * comma-separated or repeated. A dot inside a key ({@code metadata.annotations.backstage.io/x}) is
 * matched by trying the longest key first.
 */
public record FieldProjection(List<List<String>> paths) {

    public static final FieldProjection ALL = new FieldProjection(List.of());
    private static final int MAX_FIELDS = 50;

    public boolean isAll() {
        return paths.isEmpty();
    }

    public static FieldProjection parse(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return ALL;
        }
        List<List<String>> paths = new ArrayList<>();
        for (String field : fields) {
            for (String path : field.split(",", -1)) {
                String trimmed = path.trim();
                if (!FieldPaths.isPath(trimmed)) {
                    throw ProblemException.badRequest("INVALID_FIELDS", "'" + trimmed + "' is not a field path.",
                            Violation.parameter("fields", "'" + trimmed + "' is not a dotted field path such as metadata.name"));
                }
                paths.add(List.of(trimmed.split("\\.")));
            }
        }
        if (paths.size() > MAX_FIELDS) {
            throw ProblemException.badRequest("INVALID_FIELDS", "At most " + MAX_FIELDS + " fields can be selected.",
                    Violation.parameter("fields", "at most " + MAX_FIELDS + " paths"));
        }
        return new FieldProjection(List.copyOf(paths));
    }

    public ObjectNode apply(ObjectMapper json, ObjectNode entity) {
        ObjectNode projected = json.createObjectNode();
        for (List<String> path : paths) {
            copy(entity, projected, path, 0);
        }
        return projected;
    }

    private static void copy(JsonNode from, ObjectNode to, List<String> path, int start) {
        for (int end = path.size(); end > start; end--) {
            String key = String.join(".", path.subList(start, end));
            JsonNode child = from.get(key);
            if (child == null) {
                continue;
            }
            if (end == path.size()) {
                to.set(key, child);
            } else if (child.isObject()) {
                JsonNode existing = to.get(key);
                ObjectNode target = existing instanceof ObjectNode object ? object : to.putObject(key);
                copy(child, target, path, end);
            }
            return;
        }
    }
}
