package dev.paved.gateway.api.deployments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.ListRevisionsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.PromoteRequest;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.ProvisioningGatewayTest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** An environment's workloads and revisions, rollback, promotion and delete over REST. */
@QuarkusTest
class WorkloadsRestTest extends ProvisioningGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String WORKLOADS = "/api/v1/environments/web-dev/workloads";
    private static final String CHECKOUT = WORKLOADS + "/checkout";

    @Test
    void listsWorkloadsAPageAtATime() {
        given().auth().oauth2(TOKEN).queryParam("limit", "5").queryParam("cursor", "c1").get(WORKLOADS)
                .then().statusCode(200)
                .body("items[0].name", equalTo("checkout"))
                .body("items[0].state", equalTo("Deployed"))
                .body("items[0].rollout.state", equalTo("RolledOut"))
                .body("items[0].rollout.readyReplicas", equalTo(2))
                .body("items[0].component", equalTo("component:default/web"))
                .body("nextCursor", equalTo("next-page"));
        ListWorkloadsRequest forwarded = (ListWorkloadsRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("web-dev", forwarded.getEnvironment());
        assertEquals(5, forwarded.getPage().getLimit());
        assertEquals("c1", forwarded.getPage().getCursor());

        given().auth().oauth2(TOKEN).queryParam("limit", "0").get(WORKLOADS)
                .then().statusCode(400).body("code", equalTo("INVALID_LIMIT"));
    }

    @Test
    void readsAWorkload() {
        given().auth().oauth2(TOKEN).get(CHECKOUT)
                .then().statusCode(200)
                .body("name", equalTo("checkout"))
                .body("environment", equalTo("web-dev"))
                .body("kind", equalTo("Deployment"))
                .body("goldenPath", equalTo("web-service"))
                .body("currentRevision", equalTo(3))
                .body("createdAt", equalTo("2027-01-15T08:00:00Z"));
    }

    @Test
    void unknownWorkloadsAndOtherTeamsEnvironmentsKeepTheBackendsAnswer() {
        given().auth().oauth2(TOKEN).get(WORKLOADS + "/missing")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("WORKLOAD_NOT_FOUND"));
        given().auth().oauth2(TOKEN).get("/api/v1/environments/" + FakeDeployments.OTHER_TEAMS_ENVIRONMENT
                + "/workloads/checkout")
                .then().statusCode(403).body("code", equalTo("NOT_A_MEMBER"));
        given().auth().oauth2(TOKEN).get("/api/v1/environments/" + FakeDeployments.OTHER_TEAMS_ENVIRONMENT
                + "/workloads")
                .then().statusCode(403).body("code", equalTo("NOT_A_MEMBER"));
        given().auth().oauth2(TOKEN).get(CHECKOUT + "/revisions/9")
                .then().statusCode(404).body("code", equalTo("REVISION_NOT_FOUND"));
    }

    @Test
    void listsRevisionsNewestFirstWithoutManifests() {
        given().auth().oauth2(TOKEN).queryParam("limit", "2").get(CHECKOUT + "/revisions")
                .then().statusCode(200)
                .body("items[0].number", equalTo(3))
                .body("items[0].manifests", nullValue())
                .body("items[0].spec.image", equalTo("ghcr.io/acme/checkout:1.4.2"))
                .body("items[1].rollout.state", equalTo("Superseded"))
                .body("items[1].commitSha", nullValue())
                .body("nextCursor", nullValue());
        ListRevisionsRequest forwarded = (ListRevisionsRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("checkout", forwarded.getWorkload());
        assertEquals(2, forwarded.getPage().getLimit());
    }

    @Test
    void readsARevisionWithItsManifestsAsObjects() {
        given().auth().oauth2(TOKEN).get(CHECKOUT + "/revisions/2")
                .then().statusCode(200)
                .body("number", equalTo(2))
                .body("manifests[0].kind", equalTo("Deployment"))
                .body("manifests[0].spec.replicas", equalTo(2))
                .body("spec.readinessProbe.httpGet.port", equalTo(8080));
        assertEquals(2, ((GetRevisionRequest) FakeProvisioning.LAST_REQUEST.get()).getRevision());

        for (String revision : new String[] { "0", "-1", "two" }) {
            given().auth().oauth2(TOKEN).get(CHECKOUT + "/revisions/" + revision)
                    .then().statusCode(400).body("code", equalTo("INVALID_REVISION"))
                    .body("errors[0].parameter", equalTo("revision"));
        }
    }

    @Test
    void rollsBackToARevision() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", "back-1")
                .queryParam("wait", "rollout").body("{\"revision\": 2}").post(CHECKOUT + "/rollback")
                .then().statusCode(202)
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID))
                .body("operation.type", equalTo("DEPLOY_WORKLOAD"))
                .body("revision.rolledBackTo", equalTo(2));
        RollbackRequest forwarded = (RollbackRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals(2, forwarded.getRevision());
        assertEquals("back-1", forwarded.getIdempotencyKey());
        assertTrue(forwarded.getWaitForRollout());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body("{\"revision\": 2}").post(CHECKOUT + "/rollback")
                .then().statusCode(200).header("Location", nullValue())
                .body("operation.dryRun", equalTo(true)).body("plan.guardrails[0].outcome", equalTo("Passed"));
        assertTrue(((RollbackRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"revision\": 9}")
                .post(CHECKOUT + "/rollback")
                .then().statusCode(404).body("code", equalTo("REVISION_NOT_FOUND"));
    }

    @Test
    void aRollbackWithoutAValidRevisionIs422AtRevision() {
        for (String body : new String[] { "{}", "{\"revision\": null}", "{\"revision\": 0}", "{\"revision\": -3}",
                "{\"revision\": 1.5}", "{\"revision\": \"2\"}" }) {
            given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body).post(CHECKOUT + "/rollback")
                    .then().statusCode(422).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("INVALID_REVISION"))
                    .body("errors[0].pointer", equalTo("/revision"));
        }
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).post(CHECKOUT + "/rollback")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/revision"))
                .body("errors[0].message", equalTo("is required"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("wait", "x").body("{\"revision\": 2}")
                .post(CHECKOUT + "/rollback")
                .then().statusCode(400).body("errors[0].parameter", equalTo("wait"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void aMisspeltFieldOfARollbackOrPromotionIsRefusedAtItsPointerRatherThanIgnored() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"revison\": 2}")
                .post(CHECKOUT + "/rollback")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/revison"))
                .body("errors[0].message", equalTo("unknown field; known are revision"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"stag\": \"prod\"}")
                .post(CHECKOUT + "/promote")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/stag"));
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "no promotion to the next stage instead");
    }

    @Test
    void promotesToTheNextStageOrANamedOne() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{}").post(CHECKOUT + "/promote")
                .then().statusCode(202)
                .body("operation.environment", equalTo("web-staging"))
                .body("revision.promotedFrom", equalTo("web-dev/checkout#3"));
        PromoteRequest forwarded = (PromoteRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("", forwarded.getStage());
        assertEquals("checkout", forwarded.getWorkload());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", "promote-1")
                .queryParam("dryRun", true).queryParam("wait", "rollout").body("{\"stage\": \"prod\"}")
                .post(CHECKOUT + "/promote")
                .then().statusCode(200).body("operation.environment", equalTo("web-prod"))
                .body("plan.manifests[0].kind", equalTo("Deployment"));
        forwarded = (PromoteRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("prod", forwarded.getStage());
        assertEquals("promote-1", forwarded.getIdempotencyKey());
        assertTrue(forwarded.getDryRun());
        assertTrue(forwarded.getWaitForRollout());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{}").post(WORKLOADS + "/missing/promote")
                .then().statusCode(404).body("code", equalTo("WORKLOAD_NOT_FOUND"));
    }

    @Test
    void deletesAWorkloadAsAnOperation() {
        given().auth().oauth2(TOKEN).header("Idempotency-Key", "bye").delete(CHECKOUT)
                .then().statusCode(202)
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID))
                .body("type", equalTo("DELETE_WORKLOAD"))
                .body("workload", equalTo("checkout"))
                .body("revision", nullValue());
        DeleteWorkloadRequest forwarded = (DeleteWorkloadRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("bye", forwarded.getIdempotencyKey());

        given().auth().oauth2(TOKEN).queryParam("dryRun", true).delete(CHECKOUT)
                .then().statusCode(200).header("Location", nullValue()).body("dryRun", equalTo(true));
        assertTrue(((DeleteWorkloadRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun());
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedRatherThanCarriedOut() {
        given().auth().oauth2(TOKEN).queryParam("dryRun", "maybe").delete(CHECKOUT)
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"))
                .body("errors[0].parameter", equalTo("dryRun"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", "maybe")
                .body("{\"revision\":1}").post(CHECKOUT + "/rollback")
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", "maybe").body("{}")
                .post(CHECKOUT + "/promote")
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"));
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
    }
}
