package dev.paved.common.problem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Characters PostgreSQL cannot store: its text and jsonb cannot hold the NUL character (U+0000),
 * and a lone UTF-16 surrogate (a JSON {@code "\ud800"} without its pair) is no character at all,
 * which the driver's UTF-8 encoding turns into {@code ?}. A document with either anywhere (a value
 * or a field name) would fail, or change, only when written: services refuse it up front, saying
 * where. The walk keeps the path's segments and makes a pointer only for a place that holds one,
 * not for every field of every document.
 */
public final class UnstorableCharacters {

    private static final String NUL = "the NUL character (U+0000)";
    private static final String LONE_SURROGATE = "a lone UTF-16 surrogate (U+D800 to U+DFFF) without its pair";

    private UnstorableCharacters() {
    }

    /** Every place in {@code node} that holds one, with pointers starting at {@code at}. */
    public static List<Violation> in(String at, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        find(at, new ArrayDeque<>(), node, violations);
        return violations;
    }

    public static boolean in(String text) {
        return found(text) != null;
    }

    /** What a violation says of {@code text}, or null when it can be stored. */
    public static String refusal(String text) {
        String found = found(text);
        return found == null ? null : "must not contain " + found;
    }

    /**
     * What a violation says of a value holding a lone surrogate, or null when it holds none. Such text
     * cannot cross gRPC either: protobuf writes a string as UTF-8, which has no place for a lone
     * surrogate, and sends {@code ?} instead. What passes a caller's text on over gRPC refuses it up front.
     */
    public static String loneSurrogateRefusal(String value) {
        return hasLoneSurrogate(value) ? "must not contain " + LONE_SURROGATE : null;
    }

    /** The first unstorable character of {@code text}, described, or null. */
    private static String found(String text) {
        if (text == null) {
            return null;
        }
        int nul = text.indexOf('\0');
        int lone = loneSurrogateAt(text);
        if (nul < 0 && lone < 0) {
            return null;
        }
        return lone < 0 || nul >= 0 && nul < lone ? NUL : LONE_SURROGATE;
    }

    private static boolean hasLoneSurrogate(String text) {
        return text != null && loneSurrogateAt(text) >= 0;
    }

    /** Where the first surrogate without its pair is in {@code text}, or -1. */
    private static int loneSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void find(String at, Deque<String> path, JsonNode node, List<Violation> violations) {
        if (node.isTextual()) {
            String refusal = refusal(node.textValue());
            if (refusal != null) {
                violations.add(Violation.at(pointer(at, path), refusal));
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
                String found = found(field.getKey());
                if (found != null) {
                    violations.add(Violation.at(pointer(at, path), "names a field with " + found));
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
