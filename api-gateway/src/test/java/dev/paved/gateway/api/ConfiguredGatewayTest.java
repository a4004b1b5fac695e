package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ConfiguredGatewayTest.PortalOriginAndSmallBodies.class)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class ConfiguredGatewayTest {

    /** What an operator sets through PAVED_CORS_ENABLED, PAVED_CORS_ORIGINS and PAVED_HTTP_MAX_BODY_SIZE. */
    public static class PortalOriginAndSmallBodies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paved.cors.enabled", "true", "paved.cors.origins", "https://portal.example",
                    "paved.http.max-body-size", "1K");
        }
    }

    @Test
    void allowsTheConfiguredCorsOrigin() {
        given().header("Origin", "https://portal.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/me")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://portal.example"));
        given().header("Origin", "https://portal.example")
                .auth().oauth2(TestTokens.user("frank").sign())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://portal.example"))
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    }

    @Test
    void appliesTheConfiguredBodyLimit() {
        String body = "{\"name\":\"" + "a".repeat(1100) + "\",\"count\":1}";
        assertProblem(given().auth().oauth2(TestTokens.user("frank").sign()).contentType("application/json")
                .body(body).when().post("/api/v1/test-probe/echo"), 413, "PAYLOAD_TOO_LARGE")
                .body("detail", containsString("1024 bytes"));
        given().auth().oauth2(TestTokens.user("frank").sign()).contentType("application/json")
                .body("{\"name\":\"small\",\"count\":1}").when().post("/api/v1/test-probe/echo")
                .then().statusCode(200);
    }

    @Test
    void refusesOtherCorsOrigins() {
        given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/me")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
