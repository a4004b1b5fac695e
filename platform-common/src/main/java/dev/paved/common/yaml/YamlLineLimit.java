package dev.paved.common.yaml;

import java.util.Optional;
import java.util.function.IntFunction;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * Refuses YAML with a line longer than {@link #MAX_LINE_LENGTH} characters before a parser reads it.
 * Every YAML text a client gives Paved passes here first.
 *
 * <p>SnakeYAML, which Jackson's YAML support uses too, copies everything it has read ahead of its
 * position each time it reads the next 1,024 characters, and it reads ahead over a whole token,
 * comment or run of spaces before moving on. None of those crosses a line break, but one long line
 * costs time quadratic in its length: a 5,000,000-character scalar takes seconds of CPU. With lines
 * of bounded length the cost stays linear in the size of the text. The check is one pass over it.
 */
public final class YamlLineLimit {

    /**
     * The longest line, in characters: the catalog's largest entity (262,144 bytes of JSON), so that
     * any entity can be written with a value of its own on each line, or even on a single line.
     */
    public static final int MAX_LINE_LENGTH = 262_144;
    public static final String LINE_TOO_LONG = "YAML_LINE_TOO_LONG";

    private YamlLineLimit() {
    }

    /**
     * A line over the limit: the index of its document among those that hold anything (as the
     * catalog counts the entities of a stream), its number (from 1) and its length.
     */
    public record LongLine(int document, int line, int length) {

        /** What is wrong, for a problem's violation or detail. */
        public String describe() {
            return "line " + line + " is " + length + " characters long; a YAML line may have at most "
                    + MAX_LINE_LENGTH;
        }
    }

    /** Throws a 400 {@code YAML_LINE_TOO_LONG} pointing at the long line's document, if the text has one. */
    public static void check(CharSequence text, IntFunction<String> pointerOfDocument) {
        Optional<LongLine> longLine = firstLongLine(text);
        if (longLine.isPresent()) {
            LongLine found = longLine.get();
            throw ProblemException.badRequest(LINE_TOO_LONG, "Line " + found.line() + " of the YAML is "
                    + found.length() + " characters long; a line may have at most " + MAX_LINE_LENGTH + " characters.",
                    Violation.at(pointerOfDocument.apply(found.document()), found.describe()));
        }
    }

    public static Optional<LongLine> firstLongLine(CharSequence text) {
        return firstLongLine(text, MAX_LINE_LENGTH);
    }

    /** Line breaks are YAML's (and SnakeYAML's): LF, CR LF, CR, NEL, LS and PS. */
    static Optional<LongLine> firstLongLine(CharSequence text, int limit) {
        int document = 0;
        boolean documentHasContent = false;
        int line = 1;
        int start = 0;
        while (true) {
            int end = start;
            while (end < text.length() && !isBreak(text.charAt(end))) {
                end++;
            }
            boolean endsDocument = false;
            if (isMarker(text, start, end, '-')) {
                if (documentHasContent) {
                    document++;
                }
                documentHasContent = hasContent(text, start + 3, end);
            } else if (isMarker(text, start, end, '.')) {
                endsDocument = true;
            } else if (!isDirective(text, start, end)) {
                documentHasContent |= hasContent(text, start, end);
            }
            if (end - start > limit) {
                return Optional.of(new LongLine(document, line, end - start));
            }
            if (endsDocument && documentHasContent) {
                document++;
                documentHasContent = false;
            }
            if (end == text.length()) {
                return Optional.empty();
            }
            boolean crLf = text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n';
            start = end + (crLf ? 2 : 1);
            line++;
        }
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** {@code ---} (a document starts) or {@code ...} (it ends) at the start of a line, then a blank or the line's end. */
    private static boolean isMarker(CharSequence text, int start, int end, char c) {
        if (end - start < 3 || text.charAt(start) != c || text.charAt(start + 1) != c || text.charAt(start + 2) != c) {
            return false;
        }
        return end == start + 3 || text.charAt(start + 3) == ' ' || text.charAt(start + 3) == '\t';
    }

    /** {@code %YAML} or {@code %TAG}, which come before a document's content. */
    private static boolean isDirective(CharSequence text, int start, int end) {
        return start < end && text.charAt(start) == '%';
    }

    /** Anything but blanks and a comment. */
    private static boolean hasContent(CharSequence text, int from, int end) {
        int i = from;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < end && text.charAt(i) != '#';
    }
}
