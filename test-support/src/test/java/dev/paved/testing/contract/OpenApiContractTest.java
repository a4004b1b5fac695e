package dev.paved.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    static final OpenApiContract CONTRACT = OpenApiContract.of(fixture());

    static Path fixture() {
        try {
            return Path.of(OpenApiContractTest.class.getResource("/contract-fixture.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> get(String path, int status, String contentType, String body) {
        return CONTRACT.mismatches("GET", URI.create("http://localhost" + path), status, contentType,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMismatch(List<String> mismatches, String expected) {
        assertTrue(mismatches.stream().anyMatch(mismatch -> mismatch.contains(expected)),
                () -> "expected a mismatch saying '" + expected + "', got " + mismatches);
    }

    @Test
    void anAnswerThatMatchesItsSchemaPasses() {
        assertEquals(List.of(), get("/api/v1/things/a", 200, "application/json;charset=UTF-8",
                "{\"name\":\"a\",\"createdAt\":\"2026-12-06T10:00:00Z\",\"labels\":{\"team\":\"x\",\"tier\":\"gold\"}}"));
    }

    @Test
    void aMissingRequiredFieldFailsWithItsPointer() {
        assertMismatch(get("/api/v1/things/a", 200, "application/json", "{\"createdAt\":\"2026-12-06T10:00:00Z\"}"),
                "required property 'name' not found");
    }

    @Test
    void aFieldTheContractDoesNotNameFailsUnlessTheSchemaAllowsMore() {
        assertMismatch(get("/api/v1/things/a", 200, "application/json", "{\"name\":\"a\",\"colour\":\"red\"}"),
                "colour");
        assertEquals(List.of(), get("/api/v1/things/a", 200, "application/json",
                "{\"name\":\"a\",\"labels\":{\"anything\":\"goes\"}}"));
    }

    @Test
    void aNullWhereTheSchemaSaysStringFails() {
        assertMismatch(get("/api/v1/things", 200, "application/json", "{\"items\":[],\"nextCursor\":null}"),
                "/nextCursor");
    }

    @Test
    void aNullItemPassesWhereTheSchemaAllowsIt() {
        assertEquals(List.of(), get("/api/v1/things", 200, "application/json", "{\"items\":[{\"name\":\"a\"},null]}"));
    }

    @Test
    void formatsAreAsserted() {
        assertMismatch(get("/api/v1/things/a", 200, "application/json", "{\"name\":\"a\",\"createdAt\":\"yesterday\"}"),
                "/createdAt");
    }

    @Test
    void aStatusTheOperationDoesNotListFails() {
        assertMismatch(get("/api/v1/things", 404, "application/problem+json", "{\"status\":404,\"code\":\"X\"}"),
                "status 404 is not one the contract lists for GET /api/v1/things");
    }

    @Test
    void aListedDefaultCoversOtherStatusesWithItsSchema() {
        assertEquals(List.of(), get("/api/v1/things/a", 409, "application/problem+json",
                "{\"status\":409,\"code\":\"CONFLICT\"}"));
        assertMismatch(get("/api/v1/things/a", 409, "application/problem+json", "{\"status\":409}"),
                "required property 'code' not found");
    }

    @Test
    void aMediaTypeTheContractDoesNotGiveFails() {
        assertMismatch(get("/api/v1/things/a", 200, "text/plain", "a"), "media type text/plain");
    }

    @Test
    void aBodyWhereTheContractGivesNoneFailsAndNoBodyWhereItGivesOneFails() {
        assertMismatch(get("/api/v1/things/a", 204, "application/json", "{}"), "no body");
        assertMismatch(get("/api/v1/things/a", 200, null, ""), "the answer has none");
    }

    @Test
    void aLiteralPathSegmentBeatsATemplate() {
        assertEquals(List.of(), get("/api/v1/things/special", 200, "application/json", "\"special\""));
        assertMismatch(get("/api/v1/things/other", 200, "application/json", "\"other\""), "/");
    }

    @Test
    void anEventStreamIsCheckedForStatusAndMediaTypeOnly() {
        assertEquals(List.of(), get("/api/v1/things/a/events", 200, "text/event-stream", "data: not json\n\n"));
        assertMismatch(get("/api/v1/things/a/events", 200, "application/json", "{}"), "media type");
    }

    @Test
    void errorsOnPathsTheContractDoesNotHaveMustStillBeProblems() {
        assertEquals(List.of(), get("/api/v1/nope", 404, "application/problem+json", "{\"status\":404,\"code\":\"X\"}"));
        assertMismatch(get("/api/v1/nope", 404, "text/html", "<h1>Not found</h1>"), "application/problem+json");
        assertMismatch(get("/api/v1/nope", 404, "application/problem+json", "{\"status\":404}"), "code");
        assertEquals(List.of(), get("/api/v1/test-only", 200, "text/plain", "anything"),
                "a success outside the contract is not the contract's to judge");
    }

    @Test
    void aCorsPreflightIsNotAnApiAnswer() {
        assertEquals(List.of(), CONTRACT.mismatches("OPTIONS", URI.create("http://localhost/api/v1/things"), 403, null,
                new byte[0]));
    }

    @Test
    void answersOutsideTheApiAreNotChecked() {
        assertEquals(List.of(), get("/q/health/ready", 503, "application/json", "{\"status\":\"DOWN\"}"));
    }

    @Test
    void checkFailsWithEveryMismatchAndTheBody() {
        AssertionError failure = assertThrows(AssertionError.class, () -> CONTRACT.check("GET",
                URI.create("http://localhost/api/v1/things/a"), 200, "application/json", "{\"colour\":1}".getBytes()));
        assertTrue(failure.getMessage().contains("GET /api/v1/things/a (200, application/json)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("required property 'name' not found"), failure.getMessage());
        assertTrue(failure.getMessage().contains("body: {\"colour\":1}"), failure.getMessage());
    }
}
