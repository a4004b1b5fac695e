package dev.paved.common.problem;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What a JSON parser's error says, fit for a caller to read: Jackson's message without its internal
 * notes. Some messages name where an enclosing value started as
 * {@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]},
 * which tells a caller of a setting of Paved's parser rather than of their document; a limit reads
 * {@code (1000, from `StreamReadConstraints.getMaxNestingDepth()`)}, naming the Java method behind it.
 */
public final class JsonParseErrors {

    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");
    private static final Pattern LIMIT_ORIGIN = Pattern.compile(", from `[^`]*`");

    private JsonParseErrors() {
    }

    /** The first line of the parser's own message, with any source location as "line L, column C". */
    public static String message(JsonProcessingException exception) {
        String original = exception.getOriginalMessage();
        String firstLine = original == null ? "" : original.lines().findFirst().orElse("");
        String located = SOURCE.matcher(firstLine).replaceAll("line $1, column $2");
        String cleaned = LIMIT_ORIGIN.matcher(located).replaceAll("").trim();
        return cleaned.isEmpty() ? "unreadable" : cleaned;
    }
}
