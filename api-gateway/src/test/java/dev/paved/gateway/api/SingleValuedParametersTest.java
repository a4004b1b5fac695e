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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.gateway.api.catalog.FakeCatalog;
import dev.paved.gateway.api.observability.FakeObservability;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A query parameter that takes one value is refused when repeated, naming it, on every API, before
 * any service behind the gateway is asked; a repeatable one still takes every value.
 */
@QuarkusTest
class SingleValuedParametersTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @BeforeEach
    void startBackends() {
        FakeCatalog.startOn(ConfigProvider.getConfig().getValue("paved.catalog.port", Integer.class));
        FakeProvisioning.startOn(ConfigProvider.getConfig().getValue("paved.provisioning.port", Integer.class));
        FakeObservability.startOn(ConfigProvider.getConfig().getValue("paved.observability.port", Integer.class));
        FakeCatalog.LAST_REQUEST.set(null);
        FakeProvisioning.LAST_REQUEST.set(null);
        FakeObservability.reset();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/environments, limit, 5, 500",
            "/api/v1/environments, team, payments, search",
            "/api/v1/operations, cursor, a, b",
            "/api/v1/operations, state, RUNNING, FAILED",
            "/api/v1/environments/shop-dev/workloads, limit, 1, 2",
            "/api/v1/environments/shop-dev/workloads/web/revisions, cursor, a, b",
            "/api/v1/catalog/entities, q, x, y",
            "/api/v1/catalog/entities, limit, 5, 500",
            "/api/v1/catalog/locations, cursor, a, b",
            "/api/v1/catalog/changes, since, 1, 2",
            "/api/v1/environments/shop-dev/metrics/query, query, up, down",
            "/api/v1/environments/shop-dev/workloads/web/logs, tail, 1, 2",
            "/api/v1/environments/shop-dev/workloads/web/logs, follow, true, false",
            "/api/v1/environments/shop-dev/workloads/web/events, since, 2027-01-15T08:00:00Z, 2027-01-16T08:00:00Z",
            "/api/v1/teams/payments/dora, window, 30d, 7d"
    })
    void aSingleValuedParameterGivenTwiceIsRefusedNamingIt(String path, String parameter, String first,
            String second) {
        assertProblem(given().auth().oauth2(TOKEN).queryParam(parameter, first, second).get(path), 400,
                "INVALID_PARAMETER")
                .body("errors.size()", equalTo(1))
                .body("errors[0].parameter", equalTo(parameter));
        assertNothingAsked();
    }

    @Test
    void everyRepeatedParameterIsNamedAndABodysRequestToo() {
        assertProblem(given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"application\":\"shop\",\"stage\":\"dev\"}")
                .queryParam("dryRun", "true", "false").post("/api/v1/environments"), 400, "INVALID_PARAMETER")
                .body("errors[0].parameter", equalTo("dryRun"));
        assertProblem(given().auth().oauth2(TOKEN).queryParam("limit", 1, 2).queryParam("cursor", "a", "b")
                .queryParam("q", "x").get("/api/v1/catalog/entities"), 400, "INVALID_PARAMETER")
                .body("errors.size()", equalTo(2))
                .body("errors.parameter", equalTo(List.of("cursor", "limit")));
        assertNothingAsked();
    }

    @Test
    void backstagesSingleValuedParametersAreRefusedInItsErrorShape() {
        for (String[] repeated : new String[][] { { "/api/catalog/entities", "limit" },
                { "/api/catalog/entities", "after" }, { "/api/catalog/entities/by-query", "cursor" },
                { "/api/catalog/entities/by-query", "fullTextFilterTerm" } }) {
            given().auth().oauth2(TOKEN).queryParam(repeated[1], "1", "2").get(repeated[0])
                    .then().statusCode(400)
                    .body("error.name", equalTo("InputError"))
                    .body("error.code", equalTo("INVALID_PARAMETER"))
                    .body("error.errors[0].parameter", equalTo(repeated[1]));
        }
        assertNothingAsked();
    }

    @Test
    void repeatableParametersStillTakeEveryValue() {
        given().auth().oauth2(TOKEN).queryParam("filter", "kind=component", "kind=api")
                .queryParam("fields", "kind", "metadata.name").get("/api/v1/catalog/entities")
                .then().statusCode(200);
        ListEntitiesRequest request = (ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get();
        assertEquals(List.of("kind=component", "kind=api"), request.getFilterList());
        assertEquals(List.of("kind", "metadata.name"), request.getFieldsList());

        given().auth().oauth2(TOKEN).queryParam("filter", "kind=component", "kind=api")
                .queryParam("orderField", "metadata.name,asc", "kind,desc").get("/api/catalog/entities/by-query")
                .then().statusCode(200);
        assertEquals(List.of("kind=component", "kind=api"),
                ((ListEntitiesRequest) FakeCatalog.LAST_REQUEST.get()).getFilterList());
    }

    private static void assertNothingAsked() {
        assertNull(FakeCatalog.LAST_REQUEST.get(), "nothing reached catalog-service");
        assertNull(FakeProvisioning.LAST_REQUEST.get(), "nothing reached provisioning-service");
        assertNull(FakeObservability.LAST_REQUEST.get(), "nothing reached observability-service");
    }
}
