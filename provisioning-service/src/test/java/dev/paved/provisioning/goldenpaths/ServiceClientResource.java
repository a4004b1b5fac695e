package dev.paved.provisioning.goldenpaths;

import java.util.Map;

import dev.paved.local.TokenSpec;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The service's own OIDC client, registered at the tests' dev issuer as a platform admin. */
public class ServiceClientResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "paved-provisioning";
    public static final String SUBJECT = "service-" + CLIENT_ID;

    @Override
    public Map<String, String> start() {
        String secret = "test-secret-of-" + CLIENT_ID;
        TestTokens.issuer().registerClient(CLIENT_ID, secret, TokenSpec.user(SUBJECT).role("platform-admin"));
        return Map.of("paved.provisioning.client.id", CLIENT_ID, "paved.provisioning.client.secret", secret);
    }

    @Override
    public void stop() {
        // The issuer is shared by every test class of the JVM.
    }
}
