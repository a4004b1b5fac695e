package dev.paved.gateway.api.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.gateway.api.observability.FakeObservability;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** A Component's deployments live under the catalog's entity paths; each request reaches the service it is for. */
@QuarkusTest
class CatalogRoutesBesideDeploymentsTest extends CatalogGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @BeforeEach
    void startProvisioning() {
        FakeProvisioning.startOn(ConfigProvider.getConfig().getValue("paved.provisioning.port", Integer.class));
        FakeObservability.startOn(ConfigProvider.getConfig().getValue("paved.observability.port", Integer.class));
        FakeProvisioning.LAST_REQUEST.set(null);
    }

    @Test
    void entityAndGraphReadsOfAComponentStillReachTheCatalog() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/deployments")
                .then().statusCode(200).body("metadata.name", equalTo("deployments"));
        assertInstanceOf(GetEntityRequest.class, FakeCatalog.LAST_REQUEST.get());
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/web/graph")
                .then().statusCode(200);
        assertInstanceOf(GraphRequest.class, FakeCatalog.LAST_REQUEST.get());
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }

    @Test
    void aComponentsDeploymentsReachProvisioning() {
        given().auth().oauth2(TOKEN).get("/api/v1/catalog/entities/component/default/web/deployments")
                .then().statusCode(200).body("component", equalTo("component:default/web"));
        assertInstanceOf(ListComponentDeploymentsRequest.class, FakeProvisioning.LAST_REQUEST.get());
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }
}
