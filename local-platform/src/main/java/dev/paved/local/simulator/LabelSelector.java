package dev.paved.local.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A label selector in the query syntax of the Kubernetes API: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a}, {@code !a}, {@code a in (b,c)}, {@code a notin (b,c)}, comma-separated, all of which must hold.
 */
final class LabelSelector {

    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    /** @throws IllegalArgumentException naming the requirement that cannot be read */
    static LabelSelector parse(String text) {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new LabelSelector(requirements);
        }
        for (String requirement : splitOutsideParentheses(text)) {
            requirements.add(requirement(requirement.trim()));
        }
        return new LabelSelector(requirements);
    }

    boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(requirement -> requirement.test(labels));
    }

    private static Predicate<Map<String, String>> requirement(String text) {
        String[] setBased = text.split("\\s+(?=(in|notin)\\s*\\()", 2);
        if (setBased.length == 2) {
            String key = key(setBased[0].trim(), text);
            String rest = setBased[1].trim();
            boolean in = rest.startsWith("in");
            String list = rest.substring(rest.indexOf('(') + 1);
            if (!list.endsWith(")")) {
                throw unreadable(text);
            }
            Set<String> values = Arrays.stream(list.substring(0, list.length() - 1).split(",")).map(String::trim)
                    .filter(value -> !value.isEmpty()).collect(Collectors.toSet());
            return in ? labels -> values.contains(labels.get(key))
                    : labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
        }
        if (text.contains("!=")) {
            String[] parts = text.split("!=", 2);
            String key = key(parts[0].trim(), text);
            String value = parts[1].trim();
            return labels -> !value.equals(labels.get(key));
        }
        if (text.contains("=")) {
            String[] parts = text.split("==?", 2);
            String key = key(parts[0].trim(), text);
            String value = parts[1].trim();
            return labels -> value.equals(labels.get(key));
        }
        if (text.startsWith("!")) {
            String key = key(text.substring(1).trim(), text);
            return labels -> !labels.containsKey(key);
        }
        String key = key(text, text);
        return labels -> labels.containsKey(key);
    }

    private static String key(String key, String requirement) {
        if (!key.matches("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
            throw unreadable(requirement);
        }
        return key;
    }

    private static IllegalArgumentException unreadable(String requirement) {
        return new IllegalArgumentException("unable to parse requirement: \"" + requirement + "\"");
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
