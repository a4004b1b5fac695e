package dev.paved.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the service at the dev OIDC issuer, which tests' {@link TestTokens} sign with. */
public class OidcTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("paved.oidc.issuer", TestTokens.issuer().issuerUrl());
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM.
    }
}
