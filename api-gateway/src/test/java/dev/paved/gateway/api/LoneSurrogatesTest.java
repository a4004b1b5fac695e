package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.gateway.api.catalog.FakeCatalog;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A lone UTF-16 surrogate in a JSON body the gateway reads is refused with the place it is at, before
 * any service behind the gateway is asked: passed on over gRPC it would have arrived as "?".
 */
@QuarkusTest
class LoneSurrogatesTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String ADMIN = TestTokens.user("ada").role("platform-admin").sign();
    private static final String LONE = "must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF) without its pair";

    @BeforeEach
    void startBackends() {
        FakeCatalog.startOn(ConfigProvider.getConfig().getValue("paved.catalog.port", Integer.class));
        FakeProvisioning.startOn(ConfigProvider.getConfig().getValue("paved.provisioning.port", Integer.class));
        FakeCatalog.LAST_REQUEST.set(null);
        FakeProvisioning.LAST_REQUEST.set(null);
    }

    @Test
    void anEnvironmentsFieldIsPointedAt() {
        assertProblem(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"application\":\"sh\\ud800op\",\"stage\":\"dev\"}")
                .post("/api/v1/environments"), 400, "INVALID_JSON")
                .body("errors.size()", equalTo(1))
                .body("errors[0].pointer", equalTo("/application"))
                .body("errors[0].message", equalTo(LONE));
        assertProblem(given().auth().oauth2(TOKEN).contentType("application/merge-patch+json")
                .body("{\"tier\":\"\\udc00\"}").patch("/api/v1/environments/shop-dev"), 400, "INVALID_JSON")
                .body("errors[0].pointer", equalTo("/tier"));
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
    }

    @Test
    void everyPlaceDeepInsideABodyIsPointedAt() {
        assertProblem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"version\":\"1.0.0\",\"description\":\"x\\ud800\",\"template\":\"t\",\"workloadKind\":"
                        + "\"Deployment\",\"parametersSchema\":{\"properties\":{\"a/b\":{\"description\":\"\\udc00\"},"
                        + "\"c\":{\"enum\":[\"ok\",\"\\ud83d\\ude80\",\"\\ude80\\ud83d\"]}}}}")
                .post("/api/v1/golden-paths/greeter/versions"), 400, "INVALID_JSON")
                .body("errors.pointer", equalTo(List.of("/description", "/parametersSchema/properties/a~1b/description",
                        "/parametersSchema/properties/c/enum/2")))
                .body("errors.message", equalTo(List.of(LONE, LONE, LONE)));
        assertProblem(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\",\"component:default/\\ud800\"]}")
                .post("/api/v1/catalog/entities/by-refs"), 400, "INVALID_JSON")
                .body("errors[0].pointer", equalTo("/entityRefs/1"));
        assertProblem(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"stage\":\"\\ud800\"}")
                .post("/api/v1/environments/shop-dev/workloads/web/promote"), 400, "INVALID_JSON")
                .body("errors[0].pointer", equalTo("/stage"));
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
        assertNull(FakeCatalog.LAST_REQUEST.get(), "nothing reached catalog-service");
    }

    @Test
    void backstagesBodiesAreRefusedInTheShapesItsClientReads() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entity\":{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
                        + "{\"name\":\"x\",\"description\":\"a\\ud800b\"}},\"location\":\"url:x\"}")
                .post("/api/catalog/validate-entity")
                .then().statusCode(400)
                .body("errors.size()", equalTo(1))
                .body("errors[0].name", equalTo("InputError"))
                .body("errors[0].message", equalTo("/metadata/description: " + LONE));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"location\":{\"type\":\"url\",\"target\":\"https://github.com/acme/\\ud800\"}}")
                .post("/api/catalog/analyze-location")
                .then().statusCode(400)
                .body("error.errors[0].pointer", equalTo("/location/target"));
        assertNull(FakeCatalog.LAST_REQUEST.get(), "nothing reached catalog-service");
    }

    @Test
    void aPairIsTextAndABodyPassedOnAsTextIsLeftToTheServiceThatReadsIt() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"name\":\"launch \\ud83d\\ude80\",\"count\":1}")
                .post("/api/v1/test-probe/echo")
                .then().statusCode(200).body("name", equalTo("launch \ud83d\ude80"));

        String entity = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":"
                + "\"x\",\"description\":\"a\\ud800b\"}}";
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(entity).post("/api/v1/catalog/entities");
        assertEquals(entity, ((UpsertRequest) FakeCatalog.LAST_REQUEST.get()).getBody(),
                "the catalog reads the escape itself and refuses what it cannot store");
    }
}
