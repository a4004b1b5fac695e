package dev.paved.common.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.yaml.YamlLineLimit.LongLine;

class YamlLineLimitTest {

    private static final int LIMIT = YamlLineLimit.MAX_LINE_LENGTH;

    @Test
    void findsTheFirstLineOverTheLimitWithItsNumberAndLength() {
        String text = "a: 1\nb: " + "x".repeat(LIMIT) + "\nc: " + "y".repeat(LIMIT + 10) + "\n";

        assertEquals(Optional.of(new LongLine(0, 2, LIMIT + 3)), YamlLineLimit.firstLongLine(text));
    }

    @Test
    void aLineOfExactlyTheLimitAndAnyNumberOfShortLinesPass() {
        String text = "x".repeat(LIMIT) + "\n" + "- item\n".repeat(100_000);

        assertEquals(Optional.empty(), YamlLineLimit.firstLongLine(text));
        YamlLineLimit.check(text, document -> "/" + document);
    }

    /** The scalar whose parse took seconds: found in one pass, without a parser. */
    @Test
    void aFiveMillionCharacterScalarIsRefusedAsABadRequestPointingAtItsDocumentAndLine() {
        String text = "kind: Group\nmetadata:\n  name: a\n---\nkind: Component\nmetadata:\n  description: "
                + "x".repeat(5_000_000) + "\n";

        ProblemException refused = assertThrows(ProblemException.class,
                () -> YamlLineLimit.check(text, document -> "/" + document));

        assertEquals(400, refused.status());
        assertEquals(YamlLineLimit.LINE_TOO_LONG, refused.code());
        assertEquals("Line 7 of the YAML is 5000015 characters long; a line may have at most 262144 characters.",
                refused.getMessage());
        assertEquals(List.of(Violation.at("/1", "line 7 is 5000015 characters long; a YAML line may have at most "
                + "262144")), refused.errors());
    }

    @Test
    void documentsAreCountedAsTheParserCountsEntitiesSkippingEmptyOnes() {
        assertEquals(0, documentOfLongLine("# a comment\n---\nkey: 123456\n"), "a leading --- starts document 0");
        assertEquals(0, documentOfLongLine("%YAML 1.2\n---\nkey: 123456\n"), "a directive is not content");
        assertEquals(1, documentOfLongLine("a: 1\n---\n---\n# empty\n---\nkey: 123456\n"), "empty ones are skipped");
        assertEquals(1, documentOfLongLine("a: 1\n...\nkey: 123456\n"), "... ends a document");
        assertEquals(0, documentOfLongLine("--- 123456\n"), "--- may be followed by the document's content");
        assertEquals(1, documentOfLongLine("a: 1\n--- 123456\n"));
        assertEquals(0, documentOfLongLine("a\n---x\n123456\n"), "---x is no document marker");
    }

    @Test
    void everyYamlLineBreakEndsALineAndCrLfCountsOnce() {
        assertEquals(Optional.empty(), YamlLineLimit.firstLongLine("12345\r12345\u008512345\u202812345\u202912345"
                + "\r\n12345", 5));
        assertEquals(Optional.of(new LongLine(0, 4, 6)), YamlLineLimit.firstLongLine("1\r\n2\r3\n123456", 5));
    }

    @Test
    void anEmptyTextHasNoLongLine() {
        assertTrue(YamlLineLimit.firstLongLine("", 5).isEmpty());
    }

    private static int documentOfLongLine(String text) {
        return YamlLineLimit.firstLongLine(text, 5).orElseThrow().document();
    }
}
