package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * The {@code q} parameter: every word must occur, as a word or the start of one, in an entity's
 * name, title, description or tags. Only letters and digits count; the rest separates words.
 */
public record TextQuery(List<String> words) {

    public static final TextQuery NONE = new TextQuery(List.of());
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_LENGTH = 200;

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public static TextQuery parse(String q) {
        if (q == null || q.isBlank()) {
            return NONE;
        }
        if (q.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("INVALID_QUERY", "The search text is too long.",
                    Violation.parameter("q", "at most " + MAX_LENGTH + " characters"));
        }
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(q.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        if (words.isEmpty()) {
            throw ProblemException.badRequest("INVALID_QUERY", "The search text holds no word.",
                    Violation.parameter("q", "must contain at least one letter or digit"));
        }
        return new TextQuery(List.copyOf(words));
    }

    /** A PostgreSQL tsquery: each word as a prefix, all required. Words hold letters and digits only. */
    public String toTsQuery() {
        return String.join(" & ", words.stream().map(word -> word + ":*").toList());
    }
}
