package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;

/**
 * The {@code q} parameter. Without fields, every word must occur, as a word or the start of one, in
 * an entity's name, title, description or tags; only letters and digits count, the rest separates
 * words. With fields (Backstage's {@code fullTextFilterFields}), the whole text, trimmed, must occur
 * anywhere in the value of one of those fields, as Backstage's catalog matches it; case never counts.
 */
public record TextQuery(List<String> words, String term, List<String> fields) {

    public static final TextQuery NONE = new TextQuery(List.of(), "", List.of());
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_LENGTH = 200;
    private static final int MAX_FIELDS = 20;

    public boolean isEmpty() {
        return words.isEmpty() && term.isEmpty();
    }

    /** Whether the text is matched within the values of named fields rather than over the full-text words. */
    public boolean inFields() {
        return !fields.isEmpty();
    }

    public static TextQuery parse(String q) {
        return parse(q, List.of());
    }

    public static TextQuery parse(String q, List<String> fields) {
        if (q == null || q.isBlank()) {
            return NONE;
        }
        if (q.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("INVALID_QUERY", "The search text is too long.",
                    Violation.parameter("q", "at most " + MAX_LENGTH + " characters"));
        }
        if (!fields.isEmpty()) {
            // The term is compared as it is; stored text cannot hold what PostgreSQL refuses.
            String refusal = UnstorableCharacters.refusal(q);
            if (refusal != null) {
                throw ProblemException.badRequest("INVALID_QUERY", "The search text holds a character that cannot "
                        + "be stored.", Violation.parameter("q", refusal));
            }
            return new TextQuery(List.of(), q.trim().toLowerCase(Locale.ROOT), fieldKeys(fields));
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
        return new TextQuery(List.copyOf(words), "", List.of());
    }

    /** Field paths as the search keys hold them, lower case; comma-separated or repeated. */
    private static List<String> fieldKeys(List<String> fields) {
        List<String> keys = new ArrayList<>();
        for (String field : fields) {
            for (String part : field.split(",")) {
                String key = part.trim().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                if (!FieldPaths.isPath(key)) {
                    throw ProblemException.badRequest("INVALID_QUERY", "The full-text field " + part
                            + " is not a field path.", Violation.parameter("qFields", "field paths such as "
                                    + "metadata.name"));
                }
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        if (keys.size() > MAX_FIELDS) {
            throw ProblemException.badRequest("INVALID_QUERY", "The text is searched in at most " + MAX_FIELDS
                    + " fields.", Violation.parameter("qFields", "at most " + MAX_FIELDS + " fields"));
        }
        return List.copyOf(keys);
    }

    /** A PostgreSQL tsquery: each word as a prefix, all required. Words hold letters and digits only. */
    public String toTsQuery() {
        return String.join(" & ", words.stream().map(word -> word + ":*").toList());
    }

    /** A LIKE pattern that finds the term anywhere in a value, with LIKE's wildcards in it escaped. */
    public String toLikePattern() {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
