package dev.paved.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonParseErrorsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void namesWhereTheEnclosingValueStartedAsLineAndColumnInsteadOfTheParsersSourceNote() {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                () -> json.readTree("{\"a\": \"x\"]"));

        assertEquals("Unexpected close marker ']': expected '}' (for Object starting at line 1, column 1)",
                JsonParseErrors.message(error));
    }

    @Test
    void statesALimitOfTheParserWithoutNamingTheJavaMethodThatSetsIt() {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                () -> json.readTree("[".repeat(1001) + "]".repeat(1001)));

        assertEquals("Document nesting depth (1001) exceeds the maximum allowed (1000)", JsonParseErrors.message(error));
    }
}
