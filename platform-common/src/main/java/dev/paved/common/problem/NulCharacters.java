package dev.paved.common.problem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * PostgreSQL's text and jsonb cannot hold the NUL character (U+0000), so a document with one anywhere
 * (a value or a field name) would fail only when written: services refuse it up front, saying where.
 * The walk keeps the path's segments and makes a pointer only for a place that holds one, not for
 * every field of every document.
 */
public final class NulCharacters {

    /** What a violation says of a value that holds one. */
    public static final String REFUSED = "must not contain the NUL character (U+0000)";

    private NulCharacters() {
    }

    /** Every place in {@code node} that holds a NUL, with pointers starting at {@code at}. */
    public static List<Violation> in(String at, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        find(at, new ArrayDeque<>(), node, violations);
        return violations;
    }

    public static boolean in(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    private static void find(String at, Deque<String> path, JsonNode node, List<Violation> violations) {
        if (node.isTextual()) {
            if (in(node.textValue())) {
                violations.add(Violation.at(pointer(at, path), REFUSED));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.addLast(Integer.toString(i));
                find(at, path, node.get(i), violations);
                path.removeLast();
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                path.addLast(field.getKey());
                if (in(field.getKey())) {
                    violations.add(Violation.at(pointer(at, path), "names a field with the NUL character (U+0000)"));
                }
                find(at, path, field.getValue(), violations);
                path.removeLast();
            }
        }
    }

    private static String pointer(String at, Deque<String> path) {
        StringBuilder pointer = new StringBuilder(at);
        path.forEach(segment -> pointer.append('/').append(JsonPointers.escape(segment)));
        return pointer.toString();
    }
}
