package dev.paved.gateway.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** What every error answer of the gateway must look like, whatever produced it. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    static ValidatableResponse assertProblem(Response response, int status, String code) {
        return response.then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", equalTo("https://paved.dev/problems/" + code.toLowerCase().replace('_', '-')))
                .body("title", notNullValue())
                .body("instance", equalTo(response.header("X-Request-Id")))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("dev.paved")))
                .body(not(containsString("io.quarkus")))
                .body(not(containsString("io.vertx")));
    }
}
