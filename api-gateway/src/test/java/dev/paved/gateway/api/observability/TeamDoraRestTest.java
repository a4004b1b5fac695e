package dev.paved.gateway.api.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.observability.v1.DoraMetrics;
import dev.paved.api.observability.v1.GetDoraMetricsRequest;
import dev.paved.api.observability.v1.ObservabilityServiceGrpc;
import dev.paved.gateway.api.GatewayGrpc;
import dev.paved.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A team's DORA metrics over REST and through the gateway's gRPC endpoint. */
@QuarkusTest
class TeamDoraRestTest extends ObservabilityGatewayTest {

    private static final String MEMBER = TestTokens.user("alice").team("payments").sign();
    private static final String OUTSIDER = TestTokens.user("bob").team("search").sign();
    private static final String ADMIN = TestTokens.user("root").role("platform-admin").sign();
    private static final String DORA = "/api/v1/teams/payments/dora";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aTeamMemberSeesEachMetricWithItsEventsAndLevel() {
        given().auth().oauth2(MEMBER).queryParam("window", "2w").queryParam("application", "checkout")
                .queryParam("stage", "staging").get(DORA)
                .then().statusCode(200)
                .body("team", equalTo("payments"))
                .body("application", equalTo("checkout"))
                .body("stages", equalTo(List.of("staging")))
                .body("window", equalTo("2w"))
                .body("windowEnd", equalTo("2027-01-15T08:00:00Z"))
                .body("deploymentFrequency.value", equalTo(1.5f))
                .body("deploymentFrequency.events", equalTo(45))
                .body("deploymentFrequency.level", equalTo("elite"))
                .body("leadTimeForChanges.value", equalTo(7200.0f))
                .body("changeFailureRate.level", equalTo("high"))
                .body("failedDeploymentRecoveryTime.events", equalTo(4));
        GetDoraMetricsRequest forwarded = (GetDoraMetricsRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals("payments", forwarded.getTeam());
        assertEquals("2w", forwarded.getWindow());
        assertEquals("checkout", forwarded.getApplication());
        assertEquals("staging", forwarded.getStage());
        assertEquals("Bearer " + MEMBER, FakeObservability.LAST_AUTHORIZATION.get());
    }

    @Test
    void withoutParametersTheBackendsDefaultsApply() {
        given().auth().oauth2(MEMBER).get(DORA)
                .then().statusCode(200).body("window", equalTo("30d")).body("stages", equalTo(List.of("prod")))
                .body("application", nullValue());
        GetDoraMetricsRequest forwarded = (GetDoraMetricsRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals("", forwarded.getWindow());
        assertEquals("", forwarded.getStage());
    }

    @Test
    void anotherTeamsMemberGetsTheBackendsRefusalAndAPlatformAdminSeesAnyTeam() {
        given().auth().oauth2(OUTSIDER).get(DORA)
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("TEAM_FORBIDDEN"));
        given().auth().oauth2(ADMIN).get(DORA).then().statusCode(200).body("team", equalTo("payments"));
    }

    @Test
    void anUnauthenticatedCallerIsRefusedBeforeTheBackend() {
        given().get(DORA).then().statusCode(401);
        assertNull(FakeObservability.LAST_REQUEST.get());
    }

    @Test
    void aBadWindowIsABadRequestNamingTheParameter() {
        given().auth().oauth2(MEMBER).queryParam("window", "1y").get(DORA)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_WINDOW"))
                .body("errors[0].parameter", equalTo("window"));
    }

    @Test
    void anUnknownApplicationHasZeroEventsAndNoValuesButTheFrequency() {
        given().auth().oauth2(MEMBER).queryParam("application", FakeObservability.NO_SUCH_APPLICATION).get(DORA)
                .then().statusCode(200)
                .body("deploymentFrequency.value", equalTo(0.0f))
                .body("deploymentFrequency.events", equalTo(0))
                .body("deploymentFrequency.level", equalTo("low"))
                .body("leadTimeForChanges.events", equalTo(0))
                .body("leadTimeForChanges.value", nullValue())
                .body("leadTimeForChanges.level", nullValue())
                .body("changeFailureRate.value", nullValue())
                .body("failedDeploymentRecoveryTime.value", nullValue());
    }

    @Test
    void theGatewaysGrpcEndpointForwardsTheCallWithTheCallersToken() throws Exception {
        ManagedChannel channel = GatewayGrpc.open(gateway);
        try {
            DoraMetrics metrics = ObservabilityServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(GatewayGrpc.bearer(MEMBER))
                    .getDoraMetrics(GetDoraMetricsRequest.newBuilder().setTeam("payments").setWindow("30d").build());
            assertEquals(45, metrics.getDeploymentFrequency().getEvents());
            assertEquals("Bearer " + MEMBER, FakeObservability.LAST_AUTHORIZATION.get());
        } finally {
            GatewayGrpc.close(channel);
        }
    }
}
