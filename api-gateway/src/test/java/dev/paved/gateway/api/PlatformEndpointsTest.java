package dev.paved.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics and the contract are open to probes and people without a token. */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class PlatformEndpointsTest {

    @Test
    void reportsReadinessAndLiveness() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void servesTheOpenApiDocumentAndSwaggerUi() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/me"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void leavesCorsOffByDefault() {
        given().header("Origin", "https://portal.example")
                .header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/me")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://portal.example")
                .when().get("/q/health/live")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .body(not(containsString("portal.example")));
    }
}
