package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void echoesTheCallersRequestIdAndMakesItTheProblemsInstance() {
        assertProblem(given().header("X-Request-Id", "deploy-42.retry:1").when().get("/api/v1/me"), 401,
                "UNAUTHENTICATED")
                .header("X-Request-Id", "deploy-42.retry:1")
                .body("instance", equalTo("deploy-42.retry:1"));
    }

    @Test
    void echoesTheCallersRequestIdOnSuccess() {
        given().auth().oauth2(TestTokens.user("dave").sign()).header("X-Request-Id", "portal-7")
                .when().get("/api/v1/me")
                .then().statusCode(200).header("X-Request-Id", "portal-7");
    }

    @Test
    void makesARequestIdWhenTheCallerSentNone() {
        assertProblem(given().when().get("/nope"), 404, "ROUTE_NOT_FOUND")
                .header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void replacesARequestIdThatIsNotSafeToEchoOrLog() {
        String unsafe = "x\" onmouseover=alert(1) " + "y".repeat(200);
        String echoed = given().header("X-Request-Id", unsafe).when().get("/api/v1/me")
                .then().statusCode(401).header("X-Request-Id", matchesPattern(UUID))
                .extract().header("X-Request-Id");
        assertNotEquals(unsafe, echoed);
    }

    @Test
    void logsEveryRequestWithItsRequestId() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
        accessLog.addHandler(capture);
        try {
            given().header("X-Request-Id", "logged-request-1").when().get("/nope").then().statusCode(404);
            long deadline = System.currentTimeMillis() + 5_000;
            while (lines.stream().noneMatch(line -> line.contains("request-id=logged-request-1"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(lines.stream().anyMatch(line -> line.contains("GET /nope")
                    && line.contains("request-id=logged-request-1")), lines::toString);
        } finally {
            accessLog.removeHandler(capture);
        }
    }
}
