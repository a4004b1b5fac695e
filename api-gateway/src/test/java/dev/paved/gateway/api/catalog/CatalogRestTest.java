package dev.paved.gateway.api.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The REST catalog API: what reaches catalog-service, on whose behalf, and what the caller gets back. */
@QuarkusTest
class CatalogRestTest extends CatalogGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @Test
    void readsAnEntityOnBehalfOfTheCallerAndPassesItsJsonThrough() {
        String body = given().auth().oauth2(TOKEN)
                .get("/api/v1/catalog/entities/Component/default/checkout")
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("ETag", "\"" + FakeCatalog.ETAG + "\"")
                .extract().asString();

        assertEquals(FakeCatalog.entity("checkout").getJson(), body);
        assertEquals("Bearer " + TOKEN, FakeCatalog.LAST_AUTHORIZATION.get());
        GetEntityRequest request = (GetEntityRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("Component", "default", "checkout"),
                List.of(request.getKind(), request.getNamespace(), request.getName()));
    }

    @Test
    void carriesTheCallersW3cTraceContextOnToTheCatalog() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().auth().oauth2(TOKEN).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get("/api/v1/catalog/entities/Component/default/checkout")
                .then().statusCode(200);
        String forwarded = FakeCatalog.LAST_TRACEPARENT.get();
        assertTrue(forwarded != null && forwarded.startsWith("00-" + traceId + "-"), "traceparent: " + forwarded);
        assertFalse(forwarded.contains("00f067aa0ba902b7"), "the gateway's own span is the parent: " + forwarded);
    }

    @Test
    void answersTheCatalogsProblemAsProblemJson() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/missing")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ENTITY_NOT_FOUND"))
                .body("detail", equalTo("No entity component:default/missing is in the catalog."));
    }

    @Test
    void refusesCallersWithoutAValidTokenBeforeCallingTheCatalog() {
        given().get("/api/v1/catalog/entities/component/default/checkout")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2(TestTokens.user("alice").expired().sign()).get("/api/v1/catalog/entities")
                .then().statusCode(401);
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void listsWithFiltersFieldsOrderAndCursor() {
        given().auth().oauth2(TOKEN)
                .queryParam("filter", "kind=component,spec.lifecycle=production")
                .queryParam("filter", "kind=api")
                .queryParam("fields", "metadata.name")
                .queryParam("order", "metadata.name,desc")
                .queryParam("q", "pay")
                .queryParam("limit", 20)
                .queryParam("cursor", "abc")
                .get("/api/v1/catalog/entities")
                .then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].metadata.name", equalTo("first"))
                .body("nextCursor", equalTo("next-page"));

        ListEntitiesRequest request = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("kind=component,spec.lifecycle=production", "kind=api"), request.getFilterList());
        assertEquals(List.of("metadata.name"), request.getFieldsList());
        assertEquals("metadata.name,desc", request.getOrder());
        assertEquals("pay", request.getQ());
        assertEquals(20, request.getPage().getLimit());
        assertEquals("abc", request.getPage().getCursor());
    }

    @Test
    void aSecondOrderIsRefusedNamingOrderRatherThanIgnored() {
        given().auth().oauth2(TOKEN).queryParam("order", "metadata.name,desc").queryParam("order", "kind")
                .get("/api/v1/catalog/entities")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_ORDER"))
                .body("errors[0].parameter", equalTo("order"));
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void rejectsALimitOutsideOneToFiveHundredItself() {
        for (String limit : List.of("0", "-1", "501", "99999999999", "ten")) {
            given().auth().oauth2(TOKEN).queryParam("limit", limit).get("/api/v1/catalog/entities")
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("INVALID_LIMIT"))
                    .body("errors[0].parameter", equalTo("limit"));
        }
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void ingestsYamlWithDryRunAndLocation() {
        given().auth().oauth2(TOKEN).contentType("application/yaml")
                .queryParam("dryRun", true).queryParam("location", "url:https://git.example.com/catalog-info.yaml")
                .body("kind: Component\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/catalog/entities")
                .then().statusCode(200)
                .body("dryRun", equalTo(true))
                .body("results[0].action", equalTo("CREATED"))
                .body("results[0].ref", equalTo("component:default/first"))
                .body("results[0].etag", equalTo(FakeCatalog.ETAG))
                .body("removedRefs[0]", equalTo("component:default/gone"));

        UpsertRequest request = (UpsertRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(DocumentFormat.DOCUMENT_FORMAT_YAML, request.getFormat());
        assertEquals("kind: Component\n", request.getBody());
        assertTrue(request.getDryRun());
        assertEquals("url:https://git.example.com/catalog-info.yaml", request.getLocation());
    }

    @Test
    void sendsIngestsToTheCatalogUncompressedAsServicesTakeNoCompressedMessages() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("[{\"kind\": \"Component\"}]")
                .post("/api/v1/catalog/entities")
                .then().statusCode(200);
        assertNull(FakeCatalog.LAST_ENCODING.get());
        assertEquals("[{\"kind\": \"Component\"}]", ((UpsertRequest) FakeCatalog.LAST_REQUEST.get()).getBody());
    }

    @Test
    void ingestsJsonAndReportsRejectedDocumentsByPointer() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("[{}, {\"invalid\": true}]")
                .post("/api/v1/catalog/entities")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_ENTITIES"))
                .body("errors[0].pointer", equalTo("/1/spec/owner"));
        assertEquals(DocumentFormat.DOCUMENT_FORMAT_JSON, ((UpsertRequest) FakeCatalog.LAST_REQUEST.get()).getFormat());
    }

    @Test
    void replacesWithTheIfMatchEtagAndAnswersTheNewEtag() {
        given().auth().oauth2(TOKEN).contentType("application/yaml").header("If-Match", "\"" + FakeCatalog.ETAG + "\"")
                .body("kind: Component\n".getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/catalog/entities/component/default/checkout")
                .then().statusCode(200).header("ETag", "\"etag-2\"");
        ReplaceEntityRequest request = (ReplaceEntityRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(FakeCatalog.ETAG, request.getIfMatch());
        assertEquals("checkout", request.getName());

        given().auth().oauth2(TOKEN).contentType("application/yaml").header("If-Match", "W/\"stale\"")
                .body("kind: Component\n".getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/catalog/entities/component/default/checkout")
                .then().statusCode(412).body("code", equalTo("ETAG_MISMATCH"));
    }

    @Test
    void deletesWithIfMatch() {
        given().auth().oauth2(TOKEN).header("If-Match", "\"" + FakeCatalog.ETAG + "\"").queryParam("dryRun", true)
                .delete("/api/v1/catalog/entities/component/default/checkout")
                .then().statusCode(204);
        DeleteEntityRequest request = (DeleteEntityRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(FakeCatalog.ETAG, request.getIfMatch());
        assertTrue(request.getDryRun());
    }

    @Test
    void readsByRefsKeepingOrderAndNullForMissing() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\",\"component:default/missing\",\"component:default/b\"],"
                        + "\"fields\":[\"metadata.name\"]}")
                .post("/api/v1/catalog/entities/by-refs")
                .then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[0].metadata.name", equalTo("a"))
                .body("items[1]", nullValue())
                .body("items[2].metadata.name", equalTo("b"));
        assertEquals(List.of("metadata.name"), ((GetEntitiesByRefsRequest) FakeCatalog.LAST_REQUEST.get()).getFieldsList());

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/catalog/entities/by-refs")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/entityRefs"));
    }

    @Test
    void aByRefsQueryWithAFieldItDoesNotHaveIsRefusedAtThatField() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\"],\"feilds\":[\"metadata.name\"]}")
                .post("/api/v1/catalog/entities/by-refs")
                .then().statusCode(400).body("code", equalTo("INVALID_JSON"))
                .body("errors[0].pointer", equalTo("/feilds"));
    }

    @Test
    void refusesANullRefOrFieldToReadByRefsWithWhereItIs() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\",null]}")
                .post("/api/v1/catalog/entities/by-refs")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_ENTITY_REF"))
                .body("errors[0].pointer", equalTo("/entityRefs/1"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"entityRefs\":[\"component:default/a\"],\"fields\":[\"metadata.name\",null]}")
                .post("/api/v1/catalog/entities/by-refs")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_FIELDS"))
                .body("errors[0].pointer", equalTo("/fields/1"));
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void refusesADryRunThatIsNotTrueOrFalseChangingNothing() {
        for (String dryRun : List.of("maybe", "1", "yes")) {
            String refused = given().auth().oauth2(TOKEN).queryParam("dryRun", dryRun)
                    .delete("/api/v1/catalog/entities/component/default/checkout")
                    .then().contentType(startsWith("application/problem+json"))
                    .body("errors[0].parameter", equalTo("dryRun")).extract().path("code");
            assertEquals("INVALID_BOOLEAN", refused, "dryRun=" + dryRun);
            String ingest = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).queryParam("dryRun", dryRun)
                    .body("[{\"kind\": \"Component\"}]").post("/api/v1/catalog/entities")
                    .then().statusCode(400).extract().path("code");
            assertEquals("INVALID_BOOLEAN", ingest, "dryRun=" + dryRun);
        }
        assertNull(FakeCatalog.LAST_REQUEST.get());

        given().auth().oauth2(TOKEN).queryParam("dryRun", "TRUE")
                .delete("/api/v1/catalog/entities/component/default/checkout")
                .then().statusCode(204);
        assertTrue(((DeleteEntityRequest) FakeCatalog.LAST_REQUEST.get()).getDryRun());
    }

    @Test
    void answersTheGraphFacetsAndChanges() {
        given().auth().oauth2(TOKEN).queryParam("depth", 2).queryParam("relation", "ownedBy")
                .get("/api/v1/catalog/entities/component/default/checkout/graph")
                .then().statusCode(200)
                .body("rootRef", equalTo("component:default/checkout"))
                .body("entities[0].metadata.name", equalTo("checkout"))
                .body("edges[0].type", equalTo("ownedBy"))
                .body("truncated", equalTo(false));
        GraphRequest graph = (GraphRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(2, graph.getDepth());
        assertEquals(List.of("ownedBy"), graph.getRelationTypesList());
        given().auth().oauth2(TOKEN).queryParam("depth", 0)
                .get("/api/v1/catalog/entities/component/default/checkout/graph")
                .then().statusCode(400).body("code", equalTo("INVALID_DEPTH"));

        given().auth().oauth2(TOKEN).queryParam("facet", "spec.type").queryParam("filter", "kind=component")
                .get("/api/v1/catalog/facets")
                .then().statusCode(200)
                .body("facets.'spec.type'[0].value", equalTo("service"))
                .body("facets.'spec.type'[0].count", equalTo(8));

        given().auth().oauth2(TOKEN).queryParam("since", 40).get("/api/v1/catalog/changes")
                .then().statusCode(200)
                .body("items[0].revision", equalTo(41))
                .body("items[0].type", equalTo("UPSERTED"))
                .body("items[0].entity.metadata.name", equalTo("first"))
                .body("items[1].type", equalTo("DELETED"))
                .body("items[1].entity", nullValue())
                .body("lastRevision", equalTo(42));
        assertEquals(40, ((ChangesRequest) FakeCatalog.LAST_REQUEST.get()).getSince());
        given().auth().oauth2(TOKEN).queryParam("since", -3).get("/api/v1/catalog/changes")
                .then().statusCode(400).body("code", equalTo("INVALID_REVISION"));
    }
}
