package dev.paved.gateway.api.catalog;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tests of the gateway's catalog endpoints against a stand-in catalog-service reached over real gRPC. */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(FakeCatalogPort.class)
public abstract class CatalogGatewayTest {

    @BeforeEach
    public void startCatalog() {
        FakeCatalog.startOn(ConfigProvider.getConfig().getValue("paved.catalog.port", Integer.class));
        FakeCatalog.LAST_REQUEST.set(null);
        FakeCatalog.LIST_REQUESTS.clear();
        FakeCatalog.LAST_AUTHORIZATION.set(null);
        FakeCatalog.LAST_ENCODING.set(null);
    }
}
