package dev.paved.gateway.api.deployments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.ProvisioningGatewayTest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /api/v1/environments/{env}/deployments: what reaches provisioning-service, and what comes back. */
@QuarkusTest
class DeploymentsRestTest extends ProvisioningGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String DEPLOYMENTS = "/api/v1/environments/web-dev/deployments";
    private static final String SPEC = "{\"name\":\"checkout\",\"image\":\"ghcr.io/acme/checkout:1.4.2\"}";
    private static final String SCORE = """
            apiVersion: score.dev/v1b1
            metadata:
              name: checkout
            containers:
              main:
                image: ghcr.io/acme/checkout:1.4.2
            """;

    @Test
    void aNativeSpecAnswers202WithTheOperationTheRevisionAndTheOperationsLocation() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).header("Idempotency-Key", "deploy-1")
                .body(SPEC).post(DEPLOYMENTS)
                .then().statusCode(202)
                .header("Location", endsWith("/api/v1/operations/" + FakeProvisioning.OPERATION_ID))
                .body("operation.id", equalTo(FakeProvisioning.OPERATION_ID))
                .body("operation.type", equalTo("DEPLOY_WORKLOAD"))
                .body("operation.target.kind", equalTo("Workload"))
                .body("operation.target.name", equalTo("web-dev/checkout"))
                .body("operation.workload", equalTo("checkout"))
                .body("operation.revision", equalTo(4))
                .body("operation.environment", equalTo("web-dev"))
                .body("operation.steps[1].action", equalTo("AWAIT_ROLLOUT"))
                .body("revision.number", equalTo(4))
                .body("revision.spec.provisions.db.class", equalTo("small"))
                .body("revision.images[0].digest", startsWith("sha256:"))
                .body("revision.rollout.state", equalTo("Progressing"))
                .body("revision.commitTime", equalTo("2027-01-15T08:00:00Z"))
                .body("revision.rolledBackTo", nullValue())
                .body("revision.manifests", nullValue())
                .body("plan", nullValue());

        DeployRequest forwarded = (DeployRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("web-dev", forwarded.getEnvironment());
        assertEquals(SPEC, forwarded.getSpecJson(), "the spec passes on as it came, so that pointers point into it");
        assertEquals("deploy-1", forwarded.getIdempotencyKey());
        assertNull(FakeProvisioning.lastEncoding(), "a spec travels uncompressed, as services take it");
        assertFalse(forwarded.getDryRun());
        assertFalse(forwarded.getWaitForRollout());
        assertFalse(forwarded.hasReplicas());
        assertFalse(forwarded.hasCommitTime());
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void aScoreFileGoesOnAsYamlWithTheQueryParameters() {
        for (String mediaType : new String[] { "application/yaml", "application/x-yaml", "text/yaml" }) {
            given().auth().oauth2(TOKEN).contentType(mediaType + "; charset=utf-8")
                    .body(SCORE.getBytes(StandardCharsets.UTF_8))
                    .queryParam("goldenPath", "worker").queryParam("goldenPathVersion", "1.0.0")
                    .queryParam("param.minReplicas", "2").queryParam("param.maxReplicas", "5")
                    .queryParam("replicas", "0").queryParam("version", "1.4.2").queryParam("commitSha", "ABC1234def")
                    .queryParam("commitTime", "2027-01-15T09:00:00+01:00").queryParam("wait", "rollout")
                    .post(DEPLOYMENTS)
                    .then().statusCode(202).body("operation.type", equalTo("DEPLOY_WORKLOAD"));
            DeployRequest forwarded = (DeployRequest) FakeProvisioning.LAST_REQUEST.get();
            assertEquals(SCORE, forwarded.getScoreYaml(), mediaType);
            assertEquals(DeployRequest.SpecCase.SCORE_YAML, forwarded.getSpecCase());
            assertEquals("worker", forwarded.getGoldenPath());
            assertEquals("1.0.0", forwarded.getGoldenPathVersion());
            assertEquals(Map.of("minReplicas", "2", "maxReplicas", "5"), forwarded.getParametersMap());
            assertTrue(forwarded.hasReplicas());
            assertEquals(0, forwarded.getReplicas());
            assertEquals("1.4.2", forwarded.getVersion());
            assertEquals("ABC1234def", forwarded.getCommitSha());
            assertEquals(1_800_000_000L, forwarded.getCommitTime().getSeconds(), "the offset is taken into account");
            assertTrue(forwarded.getWaitForRollout());
        }
    }

    @Test
    void aDryRunAnswers200WithThePlanAndNoLocation() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", true).body(SPEC)
                .post(DEPLOYMENTS)
                .then().statusCode(200)
                .header("Location", nullValue())
                .body("operation.dryRun", equalTo(true))
                .body("operation.id", nullValue())
                .body("revision.operationId", nullValue())
                .body("revision.createdAt", nullValue())
                .body("revision.rollout.state", equalTo("Pending"))
                .body("revision.manifests[0].kind", equalTo("Deployment"))
                .body("plan.manifests[0].kind", equalTo("Deployment"))
                .body("plan.manifests[0].metadata.labels", equalTo(Map.of("app.kubernetes.io/managed-by", "paved")))
                .body("plan.guardrails[0].guardrail", equalTo("allowed-registries"))
                .body("plan.guardrails[0].outcome", equalTo("Passed"))
                .body("plan.guardrails[0].pointer", equalTo("/image"))
                .body("plan.diff[0].object.kind", equalTo("Deployment"))
                .body("plan.diff[0].change", equalTo("Changed"))
                .body("plan.diff[0].changedFields[0]", equalTo("spec.template.spec.containers[0].image"));
        assertTrue(((DeployRequest) FakeProvisioning.LAST_REQUEST.get()).getDryRun());
    }

    @Test
    void aDryRunAnswersTheRenderedManifestsAsProvisioningWroteThem() {
        String body = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", true).body(SPEC)
                .post(DEPLOYMENTS)
                .then().statusCode(200).extract().asString();
        String manifests = "\"manifests\":[" + FakeDeployments.MANIFEST + "]";
        int revision = body.indexOf(manifests);
        assertTrue(revision >= 0, "the revision's manifests, byte for byte: " + body);
        assertTrue(body.indexOf(manifests, revision + 1) > revision, "the plan's manifests, byte for byte: " + body);
    }

    @Test
    void guardrailDenialsKeepTheirPointersAndCodes() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"name\":\"checkout\",\"image\":\"" + FakeDeployments.DENIED_IMAGE + "\"}").post(DEPLOYMENTS)
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("GUARDRAILS_DENIED"))
                .body("errors.pointer", hasItems("/image", "/resources"))
                .body("errors[0].code", equalTo("no-latest-tag"))
                .body("errors[1].code", equalTo("resources-required"));
    }

    @Test
    void theBackendsRefusalsKeepTheirStatusAndCode() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(SPEC)
                .post("/api/v1/environments/" + FakeDeployments.OTHER_TEAMS_ENVIRONMENT + "/deployments")
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NOT_A_MEMBER"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(SPEC)
                .post("/api/v1/environments/" + FakeDeployments.MISSING + "/deployments")
                .then().statusCode(404).body("code", equalTo("ENVIRONMENT_NOT_FOUND"));
    }

    @Test
    void anotherMediaTypeIs415BeforeAskingProvisioning() {
        given().auth().oauth2(TOKEN).contentType("text/plain").body(SPEC).post(DEPLOYMENTS)
                .then().statusCode(415).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().auth().oauth2(TOKEN).contentType("application/xml").body("<spec/>").post(DEPLOYMENTS)
                .then().statusCode(415);
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void anEmptyBodyIs400() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("").post(DEPLOYMENTS)
                .then().statusCode(400).body("code", equalTo("BODY_REQUIRED"))
                .body("errors[0].pointer", equalTo(""));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void invalidQueryParametersAre400WithTheParametersName() {
        assertRefused("wait", "x", "INVALID_WAIT");
        assertRefused("wait", "ROLLOUT", "INVALID_WAIT");
        assertRefused("replicas", "-1", "INVALID_REPLICAS");
        assertRefused("replicas", "1001", "INVALID_REPLICAS");
        assertRefused("replicas", "two", "INVALID_REPLICAS");
        assertRefused("commitTime", "yesterday", "INVALID_COMMIT_TIME");
        assertRefused("commitTime", "2027-01-15T08:00:00", "INVALID_COMMIT_TIME");
        assertRefused("param.", "x", "INVALID_PARAMETER");
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
    }

    @Test
    void aDryRunThatIsNeitherTrueNorFalseIsRefusedRatherThanDeployedForReal() {
        assertRefused("dryRun", "maybe", "INVALID_BOOLEAN");
        assertRefused("dryRun", "yes", "INVALID_BOOLEAN");
        assertRefused("dryRun", "1", "INVALID_BOOLEAN");
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
    }

    @Test
    void aGoldenPathParameterGivenTwiceIsRefused() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(SPEC)
                .queryParam("param.size", "1", "2").post(DEPLOYMENTS)
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"))
                .body("errors[0].parameter", equalTo("param.size"));
    }

    private static void assertRefused(String parameter, String value, String code) {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(SPEC).queryParam(parameter, value)
                .post(DEPLOYMENTS)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo(code))
                .body("errors[0].parameter", equalTo(parameter));
    }
}
