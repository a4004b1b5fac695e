package dev.paved.gateway.api.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsRequest;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The REST environments API: what reaches provisioning-service, on whose behalf, and what comes back. */
@QuarkusTest
class EnvironmentsRestTest extends ProvisioningGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    /** As ProvisioningGrpcForwarderTest's: the plain grpc-java stand-in refuses over 4 MiB, bare. */
    @Test
    void aBareRefusalByTheServicesTransportIsABadGatewayNotARateLimit() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"application\":\"" + "x".repeat(5_000_000) + "\",\"stage\":\"dev\"}")
                .post("/api/v1/environments")
                .then().statusCode(502).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UPSTREAM_ERROR"));
    }

    @Test
    void createAnswers202WithTheOperationAndItsLocation() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", "key-1")
                .body("{\"team\":\"payments\",\"application\":\"web\",\"stage\":\"dev\",\"tier\":\"large\"}")
                .post("/api/v1/environments")
                .then().statusCode(202)
                .header("Location", startsWith("http"))
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID))
                .body("id", equalTo(FakeProvisioning.OPERATION_ID))
                .body("type", equalTo("CREATE_ENVIRONMENT"))
                .body("state", equalTo("PENDING"))
                .body("target.name", equalTo("web-dev"))
                .body("steps[0].action", equalTo("APPLY"))
                .body("steps[0].object.kind", equalTo("Namespace"))
                .body("steps[0].object.namespace", nullValue())
                .body("createdAt", equalTo("2027-01-15T08:00:00Z"))
                .body("error", nullValue());

        CreateEnvironmentRequest forwarded = (CreateEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("payments", forwarded.getTeam());
        assertEquals("large", forwarded.getTier());
        assertEquals("", forwarded.getCluster());
        assertEquals("key-1", forwarded.getIdempotencyKey(), "the Idempotency-Key passes through");
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void answersProvisioningProblemsAsProblemJson() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"team\":\"ghosts\",\"application\":\"web\",\"stage\":\"dev\"}")
                .post("/api/v1/environments")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNKNOWN_TEAM"))
                .body("errors[0].pointer", equalTo("/team"));
        given().auth().oauth2(TOKEN).get("/api/v1/environments/missing")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ENVIRONMENT_NOT_FOUND"));
    }

    @Test
    void refusesCallersWithoutATokenBeforeAskingProvisioning() {
        given().contentType(ContentType.JSON).body("{\"team\":\"payments\",\"application\":\"web\",\"stage\":\"dev\"}")
                .post("/api/v1/environments")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(TestTokens.user("x").expired().sign()).get("/api/v1/environments")
                .then().statusCode(401);
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void rejectsAMissingBody() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).post("/api/v1/environments")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("BODY_REQUIRED"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void aCreateOrChangeWithAFieldItDoesNotHaveIsRefusedAtThatField() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"application\":\"web\",\"stage\":\"dev\",\"teir\":\"large\"}")
                .post("/api/v1/environments")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/teir"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"tier\":\"large\",\"size\":\"xl\"}")
                .patch("/api/v1/environments/web-dev")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/size"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void readsAnEnvironmentWithItsEtagAndDrift() {
        given().auth().oauth2(TOKEN).get("/api/v1/environments/web-dev")
                .then().statusCode(200).header("ETag", "\"7\"")
                .body("name", equalTo("web-dev"))
                .body("state", equalTo("READY"))
                .body("drift[0].kind", equalTo("MISSING"))
                .body("drift[0].object.name", equalTo("workload"))
                .body("drift[0].repaired", equalTo(true))
                .body("lastReconciledAt", nullValue());
    }

    @Test
    void listsWithFiltersAndPaging() {
        given().auth().oauth2(TOKEN).queryParam("team", "payments").queryParam("stage", "dev").queryParam("limit", "5")
                .queryParam("cursor", "c1").get("/api/v1/environments")
                .then().statusCode(200)
                .body("items[0].name", equalTo("web-dev"))
                .body("nextCursor", equalTo("next-page"));
        ListEnvironmentsRequest forwarded = (ListEnvironmentsRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("payments", forwarded.getTeam());
        assertEquals("dev", forwarded.getStage());
        assertEquals(5, forwarded.getPage().getLimit());
        assertEquals("c1", forwarded.getPage().getCursor());

        given().auth().oauth2(TOKEN).queryParam("limit", "many").get("/api/v1/environments")
                .then().statusCode(400).body("code", equalTo("INVALID_LIMIT"))
                .body("errors[0].parameter", equalTo("limit"));
    }

    @Test
    void refusesALimitOutsideOneToFiveHundredBeforeCallingProvisioning() {
        FakeProvisioning.LAST_REQUEST.set(null);
        for (String limit : List.of("0", "501", "99999999999")) {
            given().auth().oauth2(TOKEN).queryParam("limit", limit).get("/api/v1/environments")
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("INVALID_LIMIT"))
                    .body("errors[0].message", equalTo("must be a whole number between 1 and 500, was " + limit));
            given().auth().oauth2(TOKEN).queryParam("limit", limit).get("/api/v1/operations")
                    .then().statusCode(400).body("code", equalTo("INVALID_LIMIT"));
        }
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void changesTheTierWithIfMatchAndAnswers202() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("If-Match", "\"7\"")
                .header("Idempotency-Key", "change-1").body("{\"tier\":\"large\"}")
                .patch("/api/v1/environments/web-dev")
                .then().statusCode(202).body("type", equalTo("UPDATE_ENVIRONMENT"))
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID));
        UpdateEnvironmentRequest forwarded = (UpdateEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("7", forwarded.getIfMatch());
        assertEquals("large", forwarded.getTier());
        assertEquals("change-1", forwarded.getIdempotencyKey());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("If-Match", "\"6\"").body("{\"tier\":\"large\"}")
                .patch("/api/v1/environments/web-dev")
                .then().statusCode(412).body("code", equalTo("ENVIRONMENT_CHANGED"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("If-Match", "7").body("{\"tier\":\"large\"}")
                .patch("/api/v1/environments/web-dev")
                .then().statusCode(400).body("code", equalTo("INVALID_IF_MATCH"));
    }

    @Test
    void aDryRunWhoseIdempotencyKeyFindsARecordedOperationAnswersItAs202() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .header("Idempotency-Key", FakeProvisioning.USED_IDEMPOTENCY_KEY)
                .queryParam("dryRun", true)
                .body("{\"team\":\"payments\",\"application\":\"web\",\"stage\":\"dev\"}")
                .post("/api/v1/environments")
                .then().statusCode(202)
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID))
                .body("dryRun", equalTo(false));
    }

    @Test
    void aDryRunCreateAnswers200WithThePlanAndNoLocation() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", "key-dry")
                .queryParam("dryRun", true)
                .body("{\"team\":\"payments\",\"application\":\"web\",\"stage\":\"dev\"}")
                .post("/api/v1/environments")
                .then().statusCode(200)
                .header("Location", nullValue())
                .body("dryRun", equalTo(true))
                .body("id", nullValue())
                .body("createdAt", nullValue())
                .body("deadline", nullValue())
                .body("state", equalTo("PENDING"))
                .body("steps[0].action", equalTo("APPLY"))
                .body("plannedObjects[0].apiVersion", equalTo("v1"))
                .body("plannedObjects[0].kind", equalTo("Namespace"))
                .body("plannedObjects[0].namespace", nullValue())
                .body("plannedObjects[0].name", equalTo("web-dev"))
                .body("plannedObjects[0].action", equalTo("APPLY"))
                .body("plannedObjects[0].manifest.kind", equalTo("Namespace"))
                .body("plannedObjects[0].manifest.metadata.labels", hasEntry("pod-security.kubernetes.io/enforce",
                        "restricted"));

        CreateEnvironmentRequest forwarded = (CreateEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get();
        assertTrue(forwarded.getDryRun());
        assertEquals("key-dry", forwarded.getIdempotencyKey());
    }

    @Test
    void everyChangeTakesDryRun() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("If-Match", "\"7\"").queryParam("dryRun", true)
                .body("{\"tier\":\"large\"}").patch("/api/v1/environments/web-dev")
                .then().statusCode(200).header("Location", nullValue())
                .body("type", equalTo("UPDATE_ENVIRONMENT")).body("dryRun", equalTo(true))
                .body("plannedObjects[0].manifest.metadata.name", equalTo("web-dev"));
        UpdateEnvironmentRequest change = (UpdateEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get();
        assertTrue(change.getDryRun());
        assertEquals("7", change.getIfMatch());

        given().auth().oauth2(TOKEN).queryParam("dryRun", true).delete("/api/v1/environments/web-dev")
                .then().statusCode(200).header("Location", nullValue())
                .body("type", equalTo("DELETE_ENVIRONMENT")).body("dryRun", equalTo(true));
        assertTrue(((DeleteEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun());

        given().auth().oauth2(TOKEN).queryParam("dryRun", true).post("/api/v1/environments/web-dev/reconcile")
                .then().statusCode(200).header("Location", nullValue())
                .body("type", equalTo("RECONCILE_ENVIRONMENT")).body("dryRun", equalTo(true));
        assertTrue(((ReconcileEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun());

        given().auth().oauth2(TOKEN).post("/api/v1/environments/web-dev/reconcile")
                .then().statusCode(202).body("dryRun", equalTo(false)).body("plannedObjects", empty());
        assertFalse(((ReconcileEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun(),
                "without the parameter the change is real");
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedRatherThanCarriedOut() {
        given().auth().oauth2(TOKEN).queryParam("dryRun", "maybe").delete("/api/v1/environments/web-dev")
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"))
                .body("errors[0].parameter", equalTo("dryRun"));
        given().auth().oauth2(TOKEN).queryParam("dryRun", "on").post("/api/v1/environments/web-dev/reconcile")
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"));
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
    }

    @Test
    void deletesAndReconcilesAsOperations() {
        given().auth().oauth2(TOKEN).header("Idempotency-Key", "bye").delete("/api/v1/environments/web-dev")
                .then().statusCode(202).body("type", equalTo("DELETE_ENVIRONMENT"));
        assertEquals("bye", ((DeleteEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getIdempotencyKey());

        given().auth().oauth2(TOKEN).post("/api/v1/environments/web-dev/reconcile")
                .then().statusCode(202).body("type", equalTo("RECONCILE_ENVIRONMENT"))
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID));
        assertEquals("web-dev", ((ReconcileEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getName());
    }
}
