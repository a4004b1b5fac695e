package dev.paved.gateway.api.goldenpaths;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.ProvisioningGatewayTest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Golden paths over REST: reads for everyone, registration and deprecation as provisioning-service decides. */
@QuarkusTest
class GoldenPathsRestTest extends ProvisioningGatewayTest {

    private static final String MEMBER = TestTokens.user("alice").team("payments").sign();
    private static final String ADMIN = TestTokens.user("root").role("platform-admin").sign();
    private static final String REGISTRATION = "{\"version\":\"1.2.0\",\"description\":\"Adds an Ingress.\","
            + "\"parametersSchema\":{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"}}},"
            + "\"template\":\"kind: Deployment\",\"workloadKind\":\"Deployment\"}";

    @Test
    void listsGoldenPathsWithTheirLatestVersionAndItsSchemaButNoTemplate() {
        given().auth().oauth2(MEMBER).get("/api/v1/golden-paths")
                .then().statusCode(200)
                .body("items.name", equalTo(List.of("web-service", "retired")))
                .body("items[0].latestVersion", equalTo("1.1.0"))
                .body("items[0].latest.version", equalTo("1.1.0"))
                .body("items[0].latest.parametersSchema.properties.minReplicas.minimum", equalTo(1))
                .body("items[0].latest.workloadKind", equalTo("Deployment"))
                .body("items[0].latest", not(hasKey("template")))
                .body("items[0].versions", nullValue())
                .body("items[1].latestVersion", nullValue())
                .body("items[1].latest", nullValue())
                .body("nextCursor", nullValue());
    }

    @Test
    void readsAGoldenPathWithItsVersions() {
        given().auth().oauth2(MEMBER).get("/api/v1/golden-paths/web-service")
                .then().statusCode(200)
                .body("versions.version", equalTo(List.of("1.1.0", "1.0.0")))
                .body("latest.version", equalTo("1.1.0"))
                .body("latest.template", equalTo(FakeGoldenPaths.TEMPLATE))
                .body("versions[1].deprecated", equalTo(true))
                .body("versions[0].builtIn", equalTo(true));
        given().auth().oauth2(MEMBER).get("/api/v1/golden-paths/nope")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("GOLDEN_PATH_NOT_FOUND"));
    }

    @Test
    void readsAVersionWithItsSchemaAsAnObjectAndItsTemplateAsText() {
        given().auth().oauth2(MEMBER).get("/api/v1/golden-paths/web-service/versions/1.1.0")
                .then().statusCode(200)
                .body("parametersSchema.type", equalTo("object"))
                .body("parametersSchema.properties.minReplicas.minimum", equalTo(1))
                .body("template", equalTo(FakeGoldenPaths.TEMPLATE))
                .body("workloadKind", equalTo("Deployment"))
                .body("createdBy", nullValue());
        GetGoldenPathVersionRequest forwarded = (GetGoldenPathVersionRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("web-service", forwarded.getName());
        assertEquals("1.1.0", forwarded.getVersion());
        given().auth().oauth2(MEMBER).get("/api/v1/golden-paths/web-service/versions/9.0.0")
                .then().statusCode(404).body("code", equalTo("GOLDEN_PATH_VERSION_NOT_FOUND"));
    }

    @Test
    void anAdminRegistersAVersion() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(REGISTRATION)
                .post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/golden-paths/web-service/versions/1.2.0"))
                .body("version", equalTo("1.2.0"))
                .body("parametersSchema.properties.host.type", equalTo("string"))
                .body("createdBy", equalTo("root"));
        RegisterGoldenPathVersionRequest forwarded = (RegisterGoldenPathVersionRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"}}}",
                forwarded.getParametersSchema(), "the schema goes on as JSON text");
        assertEquals("Deployment", forwarded.getWorkloadKind());
        assertEquals("kind: Deployment", forwarded.getTemplate());
        assertNull(FakeProvisioning.lastEncoding(), "a template travels uncompressed, as services take it");

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(REGISTRATION.replace("1.2.0", "1.0.0"))
                .post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(409).body("code", equalTo("GOLDEN_PATH_VERSION_EXISTS"));
    }

    @Test
    void provisioningRefusesChangesByOthersThanAdmins() {
        given().auth().oauth2(MEMBER).contentType(ContentType.JSON).body(REGISTRATION)
                .post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ADMIN_REQUIRED"));
        given().auth().oauth2(MEMBER).post("/api/v1/golden-paths/web-service/versions/1.0.0/deprecate")
                .then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
    }

    @Test
    void anAdminDeprecatesAVersion() {
        given().auth().oauth2(ADMIN).post("/api/v1/golden-paths/web-service/versions/1.0.0/deprecate")
                .then().statusCode(200).body("deprecated", equalTo(true));
        DeprecateGoldenPathVersionRequest forwarded = (DeprecateGoldenPathVersionRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("1.0.0", forwarded.getVersion());
    }

    @Test
    void aRegistrationWithAFieldItDoesNotHaveIsRefusedAtThatField() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(REGISTRATION.replaceFirst("\\{", "{\"descripton\":\"typo\","))
                .post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(400).body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/descripton"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void aSchemaThatIsNotAnObjectIs400AtItsPointer() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(REGISTRATION.replace("{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"}}}",
                        "\"{}\""))
                .post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(400).body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/parametersSchema"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).post("/api/v1/golden-paths/web-service/versions")
                .then().statusCode(400).body("code", equalTo("BODY_REQUIRED"));
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }
}
