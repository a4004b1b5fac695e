package dev.paved.gateway.api.provisioning;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

import dev.paved.gateway.api.observability.FakeObservability;
import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tests of the gateway's provisioning endpoints against a stand-in provisioning-service over real gRPC. */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(FakeProvisioningPort.class)
public abstract class ProvisioningGatewayTest {

    @BeforeEach
    protected void startProvisioning() {
        FakeProvisioning.startOn(ConfigProvider.getConfig().getValue("paved.provisioning.port", Integer.class));
        // A Component's deployments also ask observability-service; a backend that is not there would leave
        // the gateway's channel to it backing off for the tests that follow.
        FakeObservability.startOn(ConfigProvider.getConfig().getValue("paved.observability.port", Integer.class));
        FakeProvisioning.LAST_REQUEST.set(null);
        FakeProvisioning.LAST_AUTHORIZATION.set(null);
    }
}
