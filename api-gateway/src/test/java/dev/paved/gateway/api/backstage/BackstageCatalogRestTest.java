package dev.paved.gateway.api.backstage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.gateway.api.catalog.CatalogGatewayTest;
import dev.paved.gateway.api.catalog.FakeCatalog;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Backstage's catalog API on the gateway: how its queries reach catalog-service, the shapes it
 * answers, and its errors in Backstage's shape. Every answer is also held against the contract.
 */
@QuarkusTest
class BackstageCatalogRestTest extends CatalogGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String API = "/api/catalog";
    private static final String LOCATION_ID = "01a21d40-01a0-7d62-ab83-f3e3cf065d64";
    private static final String LOCATION_TARGET = "https://github.com/acme/shop/blob/main/catalog-info.yaml";

    @Test
    void getEntitiesTranslatesOrderAndPassesFiltersAndFieldsThrough() {
        String link = given().auth().oauth2(TOKEN)
                .queryParam("filter", "kind=component,spec.type=service")
                .queryParam("filter", "kind=api")
                .queryParam("fields", "metadata.name,kind")
                .queryParam("order", "desc:metadata.name")
                .queryParam("limit", 2)
                .get(API + "/entities")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("size()", equalTo(2))
                .body("[0].metadata.name", equalTo("first"))
                .extract().header("Link");

        ListEntitiesRequest request = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("kind=component,spec.type=service", "kind=api"), request.getFilterList());
        assertEquals(List.of("metadata.name,kind"), request.getFieldsList());
        assertEquals("metadata.name,desc", request.getOrder());
        assertEquals(2, request.getPage().getLimit());
        assertTrue(link.startsWith("</api/catalog/entities?") && link.endsWith(">; rel=\"next\"")
                && link.contains("after=next-page") && link.contains("limit=2"), link);
    }

    @Test
    void getEntitiesSkipsTheOffsetReadingOnlyKindsThenReadsTheLimitFromThere() {
        given().auth().oauth2(TOKEN).queryParam("offset", 1).queryParam("limit", 1)
                .queryParam("fields", "metadata.name")
                .get(API + "/entities")
                .then().statusCode(200).body("size()", equalTo(1));

        ListEntitiesRequest taken = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals("next-page", taken.getPage().getCursor(), "the skipped entity's page cursor continues");
        assertEquals(1, taken.getPage().getLimit());
        assertEquals(List.of("metadata.name"), taken.getFieldsList());
    }

    @Test
    void byQueryCarriesTheQueryInItsCursorAndCountsOnEveryPage() {
        String next = given().auth().oauth2(TOKEN)
                .queryParam("filter", "kind=component")
                .queryParam("orderField", "metadata.name,desc")
                .queryParam("fullTextFilterTerm", " pay ")
                .queryParam("fullTextFilterFields", "metadata.name")
                .queryParam("limit", 2)
                .get(API + "/entities/by-query")
                .then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("totalItems", equalTo((int) FakeCatalog.TOTAL))
                .body("pageInfo", not(hasKey("prevCursor")))
                .extract().path("pageInfo.nextCursor");
        ListEntitiesRequest first = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("kind=component"), first.getFilterList());
        assertEquals("metadata.name,desc", first.getOrder());
        assertEquals("pay", first.getQ());
        assertTrue(first.getIncludeTotal());
        assertEquals("", first.getPage().getCursor());

        given().auth().oauth2(TOKEN).queryParam("cursor", next).queryParam("limit", 2)
                .get(API + "/entities/by-query")
                .then().statusCode(200)
                .body("totalItems", equalTo((int) FakeCatalog.TOTAL))
                .body("pageInfo.prevCursor", not(nullValue()))
                .body("pageInfo.nextCursor", not(nullValue()));
        ListEntitiesRequest second = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(first.getFilterList(), second.getFilterList());
        assertEquals(first.getOrder(), second.getOrder());
        assertEquals(first.getQ(), second.getQ());
        assertEquals("next-page", second.getPage().getCursor());
    }

    @Test
    void byQueryWithLimitZeroOnlyCountsAndExcludedTotalsAreZero() {
        given().auth().oauth2(TOKEN).queryParam("filter", "kind=group").queryParam("limit", 0)
                .get(API + "/entities/by-query")
                .then().statusCode(200).body("items.size()", equalTo(0))
                .body("totalItems", equalTo((int) FakeCatalog.TOTAL)).body("pageInfo.size()", equalTo(0));
        ListEntitiesRequest counting = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertTrue(counting.getIncludeTotal());
        assertEquals(List.of("kind"), counting.getFieldsList());

        int before = FakeCatalog.LIST_REQUESTS.size();
        given().auth().oauth2(TOKEN).queryParam("filter", "kind=system").queryParam("totalItems", "exclude")
                .get(API + "/entities/by-query")
                .then().statusCode(200).body("totalItems", equalTo(0))
                .body("items.size()", equalTo(20));
        ListEntitiesRequest first = FakeCatalog.LIST_REQUESTS.get(before);
        assertEquals(20, first.getPage().getLimit(), "Backstage's default page size");
        assertFalse(first.getIncludeTotal());
        assertEquals(10, FakeCatalog.LIST_REQUESTS.size() - before, "pages of 2 from the stand-in, until 20");
    }

    @Test
    void badParametersAreInputErrorsInBackstagesShape() {
        backstageError(given().auth().oauth2(TOKEN).queryParam("limit", -1).get(API + "/entities/by-query"),
                400, "InputError", "INVALID_LIMIT").body("error.errors[0].parameter", equalTo("limit"));
        backstageError(given().auth().oauth2(TOKEN).queryParam("offset", "many").get(API + "/entities"),
                400, "InputError", "INVALID_OFFSET");
        backstageError(given().auth().oauth2(TOKEN).queryParam("cursor", "not-a-cursor")
                .get(API + "/entities/by-query"), 400, "InputError", "INVALID_CURSOR");
        backstageError(given().auth().oauth2(TOKEN).queryParam("order", "metadata.name").get(API + "/entities"),
                400, "InputError", "INVALID_ORDER");
        backstageError(given().auth().oauth2(TOKEN).queryParam("order", "asc:kind").queryParam("order",
                "desc:metadata.name").get(API + "/entities"), 400, "InputError", "INVALID_ORDER");
        backstageError(given().auth().oauth2(TOKEN).queryParam("totalItems", "some")
                .get(API + "/entities/by-query"), 400, "InputError", "INVALID_TOTAL_ITEMS");
    }

    @Test
    void anAfterTheCatalogRefusesIsNamedAfter() {
        backstageError(given().auth().oauth2(TOKEN).queryParam("after", FakeCatalog.FOREIGN_CURSOR)
                .queryParam("limit", 2).get(API + "/entities"), 400, "InputError", "INVALID_CURSOR")
                .body("error.errors[0].parameter", equalTo("after"));
        backstageError(given().auth().oauth2(TOKEN).queryParam("after", FakeCatalog.FOREIGN_CURSOR)
                .get(API + "/entities"), 400, "InputError", "INVALID_CURSOR")
                .body("error.errors[0].parameter", equalTo("after"));
    }

    @Test
    void aForgedByQueryCursorWithNullsOrUnstorableTextInItIsAnInputError() {
        for (String forged : List.of("{\"filter\":[null],\"position\":\"p\"}",
                "{\"text\":\"a\",\"textFields\":[null],\"position\":\"p\"}",
                "{\"filter\":[\"kind=\\ud800\"],\"position\":\"p\"}",
                "{\"text\":\"a\\udc00b\",\"position\":\"p\"}",
                "{\"order\":\"asc:metadata.name\\u0000\",\"position\":\"p\"}",
                "{\"position\":\"p\\ud800\"}")) {
            String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            backstageError(given().auth().oauth2(TOKEN).queryParam("cursor", cursor).get(API + "/entities/by-query"),
                    400, "InputError", "INVALID_CURSOR");
        }
        assertEquals(0, FakeCatalog.LIST_REQUESTS.size());
    }

    @Test
    void aDryRunThatIsNotTrueOrFalseIsAnInputErrorAndAddsNoLocation() {
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", "yes")
                .body("{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}").post(API + "/locations"),
                400, "InputError", "INVALID_BOOLEAN").body("error.errors[0].parameter", equalTo("dryRun"));
        assertEquals(null, FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void theCatalogsProblemsReachTheClientAsBackstageErrors() {
        backstageError(given().auth().oauth2(TOKEN).queryParam("filter", "kind==component")
                .get(API + "/entities/by-query"), 400, "InputError", "INVALID_FILTER")
                .body("error.errors[0].parameter", equalTo("filter"))
                .body("request.method", equalTo("GET"))
                .body("request.url", startsWith("/api/catalog/entities/by-query?filter="));
        backstageError(given().auth().oauth2(TOKEN).get(API + "/entities/by-name/component/default/missing"),
                404, "NotFoundError", "ENTITY_NOT_FOUND");
    }

    @Test
    void withoutATokenTheAnswerIsAnAuthenticationError() {
        backstageError(given().get(API + "/entities/by-name/component/default/checkout"), 401,
                "AuthenticationError", "UNAUTHENTICATED").header("WWW-Authenticate", "Bearer");
    }

    @Test
    void anUnknownPathUnderTheApiIsANotFoundError() {
        backstageError(given().auth().oauth2(TOKEN).get(API + "/no-such-thing"), 404, "NotFoundError",
                "ROUTE_NOT_FOUND");
    }

    @Test
    void readsAnEntityByNameAndItsAncestry() {
        given().auth().oauth2(TOKEN).get(API + "/entities/by-name/Component/default/checkout")
                .then().statusCode(200).body("metadata.name", equalTo("checkout"));
        given().auth().oauth2(TOKEN).get(API + "/entities/by-name/Component/default/checkout/ancestry")
                .then().statusCode(200)
                .body("rootEntityRef", equalTo("component:default/checkout"))
                .body("items[0].entity.metadata.name", equalTo("checkout"))
                .body("items[0].parentEntityRefs.size()", equalTo(0));
    }

    @Test
    void findsAnEntityByUidThroughTheUidSearchKeyAndDeletesItByName() {
        given().auth().oauth2(TOKEN).get(API + "/entities/by-uid/" + FakeCatalog.KNOWN_UID)
                .then().statusCode(200).body("metadata.name", equalTo("by-uid"));
        ListEntitiesRequest lookup = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("metadata.uid=" + FakeCatalog.KNOWN_UID), lookup.getFilterList());

        given().auth().oauth2(TOKEN).delete(API + "/entities/by-uid/" + FakeCatalog.KNOWN_UID)
                .then().statusCode(204);
        DeleteEntityRequest delete = (DeleteEntityRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("Component", "default", "by-uid"),
                List.of(delete.getKind(), delete.getNamespace(), delete.getName()));
        assertEquals("Bearer " + TOKEN, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void anUnknownOrMalformedUidIsNotFound() {
        backstageError(given().auth().oauth2(TOKEN).get(API + "/entities/by-uid/0a1b2c3d-0000-4000-8000-000000000000"),
                404, "NotFoundError", "ENTITY_NOT_FOUND");
        backstageError(given().auth().oauth2(TOKEN).delete(API + "/entities/by-uid/kind=component"),
                404, "NotFoundError", "ENTITY_NOT_FOUND");
        assertFalse(FakeCatalog.LAST_REQUEST.get() instanceof DeleteEntityRequest, "nothing was deleted");
    }

    @Test
    void readsByRefsInOrderWithNullForMissingForwardsTheFilterAndRefusesAPredicateQuery() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/b\",\"component:default/missing\",\"component:default/a\"],"
                        + "\"fields\":[\"metadata.name\"]}")
                .post(API + "/entities/by-refs")
                .then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[0].metadata.name", equalTo("b"))
                .body("items[1]", nullValue())
                .body("items[2].metadata.name", equalTo("a"));
        assertEquals(List.of("metadata.name"), ((GetEntitiesByRefsRequest) FakeCatalog.LAST_REQUEST.get()).getFieldsList());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .queryParam("filter", "kind=api").queryParam("filter", "spec.type=service")
                .body("{\"entityRefs\":[\"component:default/a\"]}").post(API + "/entities/by-refs")
                .then().statusCode(200);
        assertEquals(List.of("kind=api", "spec.type=service"),
                ((GetEntitiesByRefsRequest) FakeCatalog.LAST_REQUEST.get()).getFilterList());

        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\"],\"query\":{\"kind\":\"api\"}}")
                .post(API + "/entities/by-refs"), 400, "InputError", "FILTER_NOT_SUPPORTED");
    }

    @Test
    void countsFacetsUnderTheFilters() {
        given().auth().oauth2(TOKEN).queryParam("facet", "spec.type").queryParam("filter", "kind=component")
                .get(API + "/entity-facets")
                .then().statusCode(200)
                .body("facets.'spec.type'[0].value", equalTo("service"))
                .body("facets.'spec.type'[0].count", equalTo(8))
                .body("facets.'spec.type'[1].value", equalTo("website"));
        FacetsRequest request = (FacetsRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("spec.type"), request.getFacetList());
        assertEquals(List.of("kind=component"), request.getFilterList());
    }

    @Test
    void refreshConfirmsThatTheEntityExists() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entityRef\":\"component:default/a\"}")
                .post(API + "/refresh").then().statusCode(200);
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRef\":\"component:default/missing\"}").post(API + "/refresh"),
                404, "NotFoundError", "ENTITY_NOT_FOUND");
    }

    @Test
    void aRefreshOfSomethingThatIsNoRefPointsAtTheEntityRefItSent() {
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entityRef\":\"bad\"}")
                .post(API + "/refresh"), 400, "InputError", "INVALID_ENTITY_REF")
                .body("error.errors.size()", equalTo(1))
                .body("error.errors[0].pointer", equalTo("/entityRef"));
    }

    @Test
    void backstageBodiesMayCarryFieldsThisApiDoesNotKnow() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRef\":\"component:default/a\",\"fromANewerClient\":true}")
                .post(API + "/refresh").then().statusCode(200);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\"],\"fromANewerClient\":true}")
                .post(API + "/entities/by-refs").then().statusCode(200);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"location\":{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\",\"presence\":\"optional\"}}")
                .post(API + "/analyze-location").then().statusCode(200);
    }

    @Test
    void refreshOfAnEntityFromALocationSyncsThatLocation() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRef\":\"component:default/" + FakeCatalog.LOCATED + "\"}")
                .post(API + "/refresh").then().statusCode(200);

        assertEquals(LOCATION_ID, ((RefreshLocationRequest) FakeCatalog.LAST_REQUEST.get()).getId());
    }

    @Test
    void theAncestryOfAnEntityFromALocationEndsAtTheLocationsLocationEntity() {
        String locationRef = given().auth().oauth2(TOKEN)
                .get(API + "/entities/by-name/Component/default/" + FakeCatalog.LOCATED + "/ancestry")
                .then().statusCode(200)
                .body("rootEntityRef", equalTo("component:default/" + FakeCatalog.LOCATED))
                .body("items.size()", equalTo(2))
                .body("items[1].entity.kind", equalTo("Location"))
                .body("items[1].entity.spec.target", equalTo(LOCATION_TARGET))
                .body("items[1].parentEntityRefs.size()", equalTo(0))
                .extract().path("items[0].parentEntityRefs[0]");

        assertEquals("location:default/generated-" + sha1Hex("url:" + LOCATION_TARGET), locationRef);
    }

    @Test
    void listsAndReadsLocationsInBackstagesShape() {
        given().auth().oauth2(TOKEN).get(API + "/locations")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].data.id", equalTo(LOCATION_ID))
                .body("[0].data.type", equalTo("url"))
                .body("[0].data.target", equalTo(LOCATION_TARGET))
                .body("[0].data.entityRef", equalTo("location:default/generated-" + sha1Hex("url:" + LOCATION_TARGET)));
        given().auth().oauth2(TOKEN).get(API + "/locations/by-entity/component/default/" + FakeCatalog.LOCATED)
                .then().statusCode(200).body("id", equalTo(LOCATION_ID));
        backstageError(given().auth().oauth2(TOKEN).get(API + "/locations/by-entity/component/default/checkout"),
                404, "NotFoundError", "LOCATION_NOT_FOUND");
        backstageError(given().auth().oauth2(TOKEN).get(API + "/locations/0a1b2c3d-0000-4000-8000-000000000000"),
                404, "NotFoundError", "LOCATION_NOT_FOUND");
    }

    @Test
    void updatesALocationsTargetAndAnswersItInBackstagesShape() {
        String moved = "https://github.com/acme/shop/blob/main/teams/catalog-info.yaml";
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"" + moved + "\"}").put(API + "/locations/" + LOCATION_ID)
                .then().statusCode(200)
                .body("id", equalTo(LOCATION_ID))
                .body("type", equalTo("url"))
                .body("target", equalTo(moved))
                .body("entityRef", equalTo("location:default/generated-" + sha1Hex("url:" + moved)));
        UpdateLocationRequest request = (UpdateLocationRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(LOCATION_ID, request.getId());
        assertEquals("url", request.getType());
        assertEquals(moved, request.getTarget());

        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"https://github.com/acme/registered/blob/main/catalog-info.yaml\"}")
                .put(API + "/locations/" + LOCATION_ID), 409, "ConflictError", "LOCATION_EXISTS");
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"https://github.com/acme/shop/blob/release/catalog-info.yaml\"}")
                .put(API + "/locations/" + LOCATION_ID), 422, "InputError", "LOCATION_TARGET_UNREADABLE");
        FakeCatalog.LAST_REQUEST.set(null);
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).put(API + "/locations/" + LOCATION_ID),
                400, "InputError", "BODY_REQUIRED");
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void queriesLocationsWithBackstagesPredicatesAndRefusesWhatItsBackendWould() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"limit\": 5, \"query\": {\"$all\": [{\"TYPE\": \"URL\"}, {\"target\": {\"$hasPrefix\": "
                        + "\"HTTPS://GITHUB.COM/ACME\"}}]}}")
                .post(API + "/locations/by-query")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(LOCATION_ID))
                .body("items[0].target", equalTo(LOCATION_TARGET))
                .body("items[0].entityRef", equalTo("location:default/generated-" + sha1Hex("url:" + LOCATION_TARGET)))
                .body("totalItems", equalTo(1))
                .body("pageInfo.nextCursor", nullValue());
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"query\": {\"$not\": {\"id\": \"" + LOCATION_ID + "\"}}}")
                .post(API + "/locations/by-query")
                .then().statusCode(200).body("items.size()", equalTo(0)).body("totalItems", equalTo(0));

        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"query\": {\"owner\": \"payments\"}}").post(API + "/locations/by-query"),
                400, "InputError", "INVALID_PARAMETER").body("error.errors[0].pointer", equalTo("/query/owner"));
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"cursor\": \"not a cursor\"}").post(API + "/locations/by-query"),
                400, "InputError", "INVALID_CURSOR");
        backstageError(given().contentType(ContentType.JSON).body("{}").post(API + "/locations/by-query"),
                401, "AuthenticationError", "UNAUTHENTICATED");
    }

    @Test
    void addsALocationForTheCallersOnlyTeamAndPreviewsOneWithDryRun() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}")
                .post(API + "/locations")
                .then().statusCode(201)
                .body("location.id", equalTo(LOCATION_ID))
                .body("entities[0].kind", equalTo("Location"))
                .body("entities[1].metadata.name", equalTo("checkout"))
                .body("$", not(hasKey("exists")));

        CreateLocationRequest preview = dryRun(TOKEN);
        assertEquals("payments", preview.getOwner());
        assertTrue(preview.getDryRun());
    }

    @Test
    void aTargetRegisteredAlreadyIsAConflictUnlessOnConflictRefreshesIt() {
        String registered = "{\"type\":\"url\",\"target\":\"https://github.com/acme/registered/blob/main/"
                + "catalog-info.yaml\"}";
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(registered)
                .post(API + "/locations"), 409, "ConflictError", "LOCATION_EXISTS");
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(registered)
                .queryParam("onConflict", "reject").post(API + "/locations"), 409, "ConflictError", "LOCATION_EXISTS");

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(registered)
                .queryParam("onConflict", "refresh").post(API + "/locations")
                .then().statusCode(201)
                .body("location.id", equalTo("01a21d40-01a0-7d62-ab83-000000000002"))
                .body("entities[0].kind", equalTo("Location"));

        Object before = FakeCatalog.LAST_REQUEST.get();
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(registered)
                .queryParam("onConflict", "merge").post(API + "/locations"), 400, "InputError", "INVALID_PARAMETER")
                .body("error.errors[0].parameter", equalTo("onConflict"));
        assertEquals(before, FakeCatalog.LAST_REQUEST.get(), "nothing reached the catalog");
    }

    @Test
    void aCallerWithoutATeamMayNotAddALocationAndOneInSeveralMustNameIt() {
        backstageError(given().auth().oauth2(TestTokens.user("nobody").sign()).contentType(ContentType.JSON)
                .body("{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}").post(API + "/locations"),
                403, "NotAllowedError", "LOCATION_NOT_ALLOWED");
        backstageError(given().auth().oauth2(TestTokens.user("both").team("payments").team("search").sign())
                .contentType(ContentType.JSON).body("{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}")
                .post(API + "/locations"), 400, "InputError", "LOCATION_OWNER_REQUIRED");
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).post(API + "/locations"),
                400, "InputError", "BODY_REQUIRED");
    }

    @Test
    void anAnalysisOfALocationWithoutTargetPointsIntoTheLocation() {
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"location\":{}}")
                .post(API + "/analyze-location"), 400, "InputError", "INVALID_TARGET")
                .body("error.errors[0].pointer", equalTo("/location/target"));
        backstageError(given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{}")
                .post(API + "/analyze-location"), 400, "InputError", "LOCATION_REQUIRED")
                .body("error.errors[0].pointer", equalTo("/location"));
    }

    @Test
    void aMemberOfSeveralTeamsAnalyzesALocationForTheOwnerTheBodyNames() {
        String both = TestTokens.user("both").team("payments").team("search").sign();
        String location = "{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}";
        backstageError(given().auth().oauth2(both).contentType(ContentType.JSON).body("{\"location\":" + location + "}")
                .post(API + "/analyze-location"), 400, "InputError", "LOCATION_OWNER_REQUIRED")
                .body("error.errors[0].pointer", equalTo("/owner"));

        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"location\":" + location + ",\"owner\":\"payments\"}")
                .post(API + "/analyze-location")
                .then().statusCode(200)
                .body("existingEntityFiles[0].entity.metadata.name", equalTo("checkout"));
        CreateLocationRequest analyzed = (CreateLocationRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals("payments", analyzed.getOwner());
        assertTrue(analyzed.getDryRun());
    }

    private CreateLocationRequest dryRun(String token) {
        given().auth().oauth2(token).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body("{\"type\":\"url\",\"target\":\"" + LOCATION_TARGET + "\"}")
                .post(API + "/locations")
                .then().statusCode(201)
                .body("location.id", equalTo("url:" + LOCATION_TARGET))
                .body("exists", equalTo(false))
                .body("entities[0].kind", equalTo("Location"))
                .body("entities[1].metadata.name", equalTo("checkout"));
        return (CreateLocationRequest) FakeCatalog.LAST_REQUEST.get();
    }

    private static String sha1Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validatesByADryRunIngestWhoeverMayWriteTheEntity() {
        String entity = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"%s\"},"
                + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"payments\"}}";
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entity\":" + entity.formatted("fine") + ",\"location\":\"url:https://git.example.com/x.yaml\"}")
                .post(API + "/validate-entity").then().statusCode(200);
        UpsertRequest dryRun = (UpsertRequest) FakeCatalog.LAST_REQUEST.get();
        assertTrue(dryRun.getDryRun());
        assertEquals("", dryRun.getLocation());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entity\":" + entity.formatted("foreign")
                + ",\"location\":\"url:https://git.example.com/x.yaml\"}")
                .post(API + "/validate-entity").then().statusCode(200);

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entity\":" + entity.formatted("unowned")
                + ",\"location\":\"url:https://git.example.com/x.yaml\"}")
                .post(API + "/validate-entity")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("errors[0].name", equalTo("InputError"))
                .body("errors[0].message", equalTo("/spec/owner: is required"));
    }

    @Test
    void aValidationNeedsAUrlLocationRefAsBackstagesBackendDoes() {
        String entity = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"payments\"}}";
        Object before = FakeCatalog.LAST_REQUEST.get();
        for (String[] refused : new String[][] {
                { "", "/location: is required" },
                { ",\"location\":\"nonsense\"", "Unable to parse location ref 'nonsense', expected '<type>:<target>', "
                        + "e.g. 'url:https://host/path'" },
                { ",\"location\":\"url:\"", "Unable to parse location ref 'url:', expected '<type>:<target>', "
                        + "e.g. 'url:https://host/path'" },
                { ",\"location\":\"file:/tmp/x.yaml\"", "Invalid location ref file:/tmp/x.yaml, only 'url:<target>' "
                        + "is supported, e.g. url:https://host/path" } }) {
            given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entity\":" + entity + refused[0] + "}")
                    .post(API + "/validate-entity")
                    .then().statusCode(400).contentType(ContentType.JSON)
                    .body("errors.size()", equalTo(1))
                    .body("errors[0].name", equalTo("InputError"))
                    .body("errors[0].message", equalTo(refused[1]));
        }
        assertEquals(before, FakeCatalog.LAST_REQUEST.get(), "nothing reached the catalog");
    }

    @Test
    void aValidationItCannotReadIsAnInvalidEntityAsBackstagesClientReadsOne() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entity\":")
                .post(API + "/validate-entity")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("errors.size()", equalTo(1))
                .body("errors[0].name", equalTo("InputError"))
                .body("errors[0].message", startsWith("The request body is not valid JSON"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"entity\":[]}")
                .post(API + "/validate-entity")
                .then().statusCode(400)
                .body("errors[0].message", equalTo("has the wrong type or shape"));
    }

    private static ValidatableResponse backstageError(io.restassured.response.Response response, int status,
            String name, String code) {
        return response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.name", equalTo(name))
                .body("error.code", equalTo(code))
                .body("error.message", not(nullValue()))
                .body("response.statusCode", equalTo(status));
    }
}
