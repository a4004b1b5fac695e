package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RateLimitTest.SmallLimit.class)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class RateLimitTest {

    /** Three requests at once, then one every 20 s: a test never waits for a refill. */
    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paved.gateway.rate-limit.burst", "3",
                    "paved.gateway.rate-limit.requests-per-second", "0.05");
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void answersTooManyRequestsWithRetryAfterOnceTheBurstIsSpent() {
        String token = TestTokens.user("hasty").sign();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);
        }
        String retryAfter = assertProblem(given().auth().oauth2(token).when().get("/api/v1/me"), 429, "RATE_LIMITED")
                .extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertEquals(true, seconds >= 1 && seconds <= 20, "Retry-After " + retryAfter);
    }

    @Test
    void limitsEachCallerOnItsOwn() {
        String greedy = TestTokens.user("greedy").sign();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(greedy).when().get("/api/v1/me").then().statusCode(200);
        }
        given().auth().oauth2(greedy).when().get("/api/v1/me").then().statusCode(429);
        given().auth().oauth2(TestTokens.user("patient").sign()).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void limitsCallersWithoutValidTokenByAddressButNeverHealthChecks() {
        given().when().get("/api/v1/me").then().statusCode(401);
        given().header("Authorization", "Bearer garbage").when().get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2(TestTokens.unsigned("greedy")).when().get("/nope").then().statusCode(404);
        assertProblem(given().when().get("/api/v1/me"), 429, "RATE_LIMITED");
        given().when().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(TestTokens.user("still-welcome").sign()).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void limitsGrpcCallsPerCallerToo() throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort())
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + TestTokens.user("chatty").sign());
            var authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            for (int i = 0; i < 3; i++) {
                assertEquals("chatty", ClientCalls.blockingUnaryCall(authenticated.newCall(ProbeGrpcService.WHO_AM_I,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), "who"));
            }
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(authenticated.newCall(ProbeGrpcService.WHO_AM_I,
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), "who"));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
            assertEquals("RATE_LIMITED", refused.getTrailers().get(GrpcProblems.PROBLEM_TRAILER).getCode());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
