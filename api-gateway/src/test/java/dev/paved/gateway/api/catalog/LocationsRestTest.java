package dev.paved.gateway.api.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Git locations over REST: what reaches catalog-service, on whose behalf, and what the caller gets back. */
@QuarkusTest
class LocationsRestTest extends CatalogGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @Test
    void registersALocationForTheCallersTeamAndAnswersItsFirstSync() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"" + FakeLocations.TARGET + "\",\"owner\":\"payments\"}")
                .post("/api/v1/catalog/locations")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/catalog/locations/" + FakeLocations.ID))
                .body("location.id", equalTo(FakeLocations.ID))
                .body("location.state", equalTo("SYNCED_WITH_ERRORS"))
                .body("location.errors[0].code", equalTo("MALFORMED_FILE"))
                .body("entities[0].action", equalTo("CREATED"))
                .body("entities[0]", not(hasKey("entity")))
                .body("removedRefs[0]", equalTo("component:default/gone"));

        CreateLocationRequest request = (CreateLocationRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(FakeLocations.TARGET, request.getTarget());
        assertEquals("payments", request.getOwner());
        assertEquals("Bearer " + TOKEN, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void aDryRunAnswersTheEntitiesItWouldStoreWithoutAnId() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"" + FakeLocations.TARGET + "\",\"owner\":\"payments\"}")
                .post("/api/v1/catalog/locations?dryRun=true")
                .then().statusCode(200)
                .body("dryRun", equalTo(true))
                .body("location", not(hasKey("id")))
                .body("entities[0].entity.metadata.name", equalTo("checkout"));

        assertTrue(((CreateLocationRequest) FakeCatalog.LAST_REQUEST.get()).getDryRun());
    }

    @Test
    void answersTheCatalogsRefusalsAsProblems() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"ftp://example.com/x\",\"owner\":\"payments\"}")
                .post("/api/v1/catalog/locations")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSUPPORTED_SCHEME"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"" + FakeLocations.TARGET + "\",\"owner\":\"search\"}")
                .post("/api/v1/catalog/locations")
                .then().statusCode(403).body("code", equalTo("LOCATION_OWNER_NOT_YOURS"));
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/locations/unknown")
                .then().statusCode(404).body("code", equalTo("LOCATION_NOT_FOUND"));
        given().auth().oauth2(TOKEN).post("/api/v1/catalog/locations/busy/refresh")
                .then().statusCode(409).body("code", equalTo("LOCATION_BUSY"));
    }

    @Test
    void refusesAMissingBodyAnInvalidLimitAndAnInvalidDryRunBeforeCallingTheCatalog() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).post("/api/v1/catalog/locations")
                .then().statusCode(400).body("code", equalTo("BODY_REQUIRED"));
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/locations?limit=0")
                .then().statusCode(400).body("code", equalTo("INVALID_LIMIT"));
        given().get("/api/v1/catalog/locations").then().statusCode(401);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"" + FakeLocations.TARGET + "\",\"team\":\"payments\"}")
                .post("/api/v1/catalog/locations")
                .then().statusCode(400).body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/team"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", "yes")
                .body("{\"target\":\"" + FakeLocations.TARGET + "\",\"owner\":\"payments\"}")
                .post("/api/v1/catalog/locations")
                .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"))
                .body("errors[0].parameter", equalTo("dryRun"));
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void readsListsRefreshesAndDeletesOnBehalfOfTheCaller() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(200)
                .body("target", equalTo(FakeLocations.TARGET))
                .body("commit", equalTo("3f2c"))
                .body("errors[0].file", equalTo("url:https://github.com/acme/shop/blob/main/svc/catalog-info.yaml"))
                .body("errors[0]", not(hasKey("entityRef")));

        given().auth().oauth2(TOKEN).get("/api/v1/catalog/locations?limit=1&cursor=abc")
                .then().statusCode(200)
                .body("items[0].id", equalTo(FakeLocations.ID))
                .body("nextCursor", equalTo("next-page"));
        ListLocationsRequest list = (ListLocationsRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(1, list.getPage().getLimit());
        assertEquals("abc", list.getPage().getCursor());

        given().auth().oauth2(TOKEN).post("/api/v1/catalog/locations/" + FakeLocations.ID + "/refresh")
                .then().statusCode(200).body("location.id", equalTo(FakeLocations.ID)).body("dryRun", equalTo(false));
        assertEquals(FakeLocations.ID, ((RefreshLocationRequest) FakeCatalog.LAST_REQUEST.get()).getId());

        given().auth().oauth2(TOKEN).delete("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(204);
        assertEquals(FakeLocations.ID, ((DeleteLocationRequest) FakeCatalog.LAST_REQUEST.get()).getId());
        assertEquals("Bearer " + TOKEN, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void pointsALocationAtAnotherTargetOnBehalfOfTheCaller() {
        String moved = "https://github.com/acme/shop/blob/main/teams/**/catalog-info.yaml";
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"target\":\"" + moved + "\"}")
                .put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(200)
                .body("location.id", equalTo(FakeLocations.ID))
                .body("location.target", equalTo(moved))
                .body("removedRefs[0]", equalTo("component:default/gone"));

        UpdateLocationRequest request = (UpdateLocationRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(FakeLocations.ID, request.getId());
        assertEquals(moved, request.getTarget());
        assertEquals("Bearer " + TOKEN, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void anUpdateAnswersTheCatalogsRefusalsAndRefusesABadBodyBeforeCallingIt() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"" + FakeLocations.REGISTERED_TARGET + "\"}")
                .put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(409).body("code", equalTo("LOCATION_EXISTS"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"https://github.com/acme/shop/blob/release/catalog-info.yaml\"}")
                .put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("LOCATION_TARGET_UNREADABLE"))
                .body("errors[0].pointer", equalTo("/target"));
        FakeCatalog.LAST_REQUEST.set(null);

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(400).body("code", equalTo("BODY_REQUIRED"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"target\":\"" + FakeLocations.TARGET + "\",\"owner\":\"search\"}")
                .put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(400).body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/owner"));
        given().contentType(ContentType.JSON).body("{\"target\":\"" + FakeLocations.TARGET + "\"}")
                .put("/api/v1/catalog/locations/" + FakeLocations.ID)
                .then().statusCode(401);
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }
}
