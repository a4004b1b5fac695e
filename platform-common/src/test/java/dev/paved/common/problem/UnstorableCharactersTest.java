package dev.paved.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class UnstorableCharactersTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLoneSurrogateOfEitherHalfIsRefusedAndAPairIsNot() {
        assertEquals("must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF) without its pair",
                UnstorableCharacters.refusal("a\ud800b"));
        assertTrue(UnstorableCharacters.in("a\udc00"));
        assertTrue(UnstorableCharacters.in("\ud800"));
        assertTrue(UnstorableCharacters.in("\ude80\ud83d"), "a pair the wrong way round is two lone halves");
        assertFalse(UnstorableCharacters.in("launch \ud83d\ude80"));
        assertNull(UnstorableCharacters.refusal("plain"));
        assertNull(UnstorableCharacters.refusal(null));
    }

    @Test
    void theNulCharacterIsRefusedAsBefore() {
        assertEquals("must not contain the NUL character (U+0000)", UnstorableCharacters.refusal("a\0b"));
    }

    @Test
    void whatCannotCrossGrpcIsALoneSurrogateAndNotNul() {
        assertEquals("must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF) without its pair",
                UnstorableCharacters.loneSurrogateRefusal("a\0b\udc00"));
        assertNull(UnstorableCharacters.loneSurrogateRefusal("a\0b"), "NUL crosses gRPC intact");
        assertNull(UnstorableCharacters.loneSurrogateRefusal("launch \ud83d\ude80"));
        assertNull(UnstorableCharacters.loneSurrogateRefusal(null));
    }

    @Test
    void theWalkPointsAtEveryValueAndFieldNameThatHoldsOne() throws Exception {
        List<Violation> found = UnstorableCharacters.in("/0", json.readTree(
                "{\"title\":\"a\\ud800\",\"tags\":[\"ok\",\"b\\u0000\"],\"an/\\udc00\":\"x\",\"rocket\":\"\\ud83d\\ude80\"}"));

        assertEquals(List.of(
                Violation.at("/0/title", "must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF) without its pair"),
                Violation.at("/0/tags/1", "must not contain the NUL character (U+0000)"),
                Violation.at("/0/an~1\udc00", "names a field with a lone UTF-16 surrogate (U+D800 to U+DFFF) without "
                        + "its pair")), found);
    }
}
