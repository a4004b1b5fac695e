package dev.paved.gateway.api.deployments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.gateway.api.observability.FakeObservability;
import dev.paved.gateway.api.observability.ObservabilityGatewayTest;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** Where a catalog Component runs: its workloads grouped by environment, with their health rolled up. */
@QuarkusTest
class ComponentDeploymentsRestTest extends ObservabilityGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @Test
    void groupsTheComponentsWorkloadsByEnvironment() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/web/deployments")
                .then().statusCode(200)
                .body("component", equalTo("component:default/web"))
                .body("environments.environment", equalTo(List.of("web-dev", "web-staging")))
                .body("environments[0].stage", equalTo("dev"))
                .body("environments[0].namespace", equalTo("web-dev"))
                .body("environments[0].workloads.name", equalTo(List.of("checkout", "worker")))
                .body("environments[0].workloads[0].rollout.state", equalTo("RolledOut"))
                .body("environments[1].stage", equalTo("staging"))
                .body("environments[1].workloads[0].currentRevision", equalTo(3));
        ListComponentDeploymentsRequest forwarded = (ListComponentDeploymentsRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("default", forwarded.getNamespace());
        assertEquals("web", forwarded.getName());
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void rollsTheHealthOfTheComponentsWorkloadsUpPerEnvironmentAndOverall() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/web/deployments")
                .then().statusCode(200)
                // web-dev: checkout Healthy, worker Degraded; the CronJob of another component is not counted.
                .body("environments[0].health", equalTo("Degraded"))
                // web-staging: observability-service cannot answer for it, and the call still succeeds.
                .body("environments[1].environment", equalTo(FakeObservability.UNOBSERVED_ENVIRONMENT))
                .body("environments[1].health", equalTo("Unknown"))
                .body("health", equalTo("Unknown"));
        assertEquals("Bearer " + TOKEN, FakeObservability.LAST_AUTHORIZATION.get());
        assertEquals(GetEnvironmentStatusRequest.class, FakeObservability.LAST_REQUEST.get().getClass());
    }

    @Test
    void aComponentThatRunsNowhereHasNoEnvironmentsAndAsksNoHealth() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/idle/deployments")
                .then().statusCode(200).body("environments", empty()).body("health", equalTo("Healthy"));
        assertEquals(null, FakeObservability.LAST_REQUEST.get());
    }
}
