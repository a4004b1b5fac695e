package dev.paved.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ViolationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonOfAViolationWithoutCodeHasNoCodeField() throws Exception {
        assertEquals("{\"pointer\":\"/image\",\"message\":\"is required\"}",
                json.writeValueAsString(Violation.at("/image", "is required")));
    }

    @Test
    void codeTravelsInJsonBothWays() throws Exception {
        Violation violation = Violation.at("/image", "not allowed").withCode("allowed-registries");
        String written = json.writeValueAsString(violation);

        assertEquals("{\"pointer\":\"/image\",\"message\":\"not allowed\",\"code\":\"allowed-registries\"}", written);
        assertEquals(violation, json.readValue(written, Violation.class));
    }
}
