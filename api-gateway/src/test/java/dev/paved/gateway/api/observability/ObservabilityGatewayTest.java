package dev.paved.gateway.api.observability;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.FakeProvisioningPort;
import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tests of the gateway's observability endpoints against stand-ins for observability-service and
 * provisioning-service (a Component's deployments need both) over real gRPC.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(FakeProvisioningPort.class)
@QuarkusTestResource(FakeObservabilityPort.class)
public abstract class ObservabilityGatewayTest {

    @BeforeEach
    protected void startBackends() {
        FakeProvisioning.startOn(ConfigProvider.getConfig().getValue("paved.provisioning.port", Integer.class));
        FakeObservability.startOn(ConfigProvider.getConfig().getValue("paved.observability.port", Integer.class));
        FakeProvisioning.LAST_REQUEST.set(null);
        FakeObservability.reset();
    }
}
