package dev.paved.provisioning.goldenpaths.catalog;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.paved.provisioning.config.ServiceClientConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig.Grant;

/**
 * An access token of the service itself (client credentials grant at the OIDC provider that
 * issues callers' tokens), for calls made on nobody's behalf. The client is built on first use,
 * not at startup, so that a provider still starting does not stop the service from starting.
 */
@ApplicationScoped
public class ServiceToken {

    private final OidcClients oidcClients;
    private final ServiceClientConfig client;
    private final String issuer;
    private volatile OidcClient tokenClient;

    public ServiceToken(OidcClients oidcClients, ServiceClientConfig client,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        this.oidcClients = oidcClients;
        this.client = client;
        this.issuer = issuer;
    }

    /** Empty when no client is configured. */
    public Optional<String> fetch(Duration timeout) {
        if (!client.isConfigured()) {
            return Optional.empty();
        }
        OidcClient ready = tokenClient;
        if (ready == null) {
            ready = oidcClients.newClient(new OidcClientConfigBuilder().id("paved-provisioning").authServerUrl(issuer)
                    .clientId(client.id().orElseThrow()).credentials(client.secret().orElseThrow())
                    .grant(Grant.Type.CLIENT).build()).await().atMost(timeout);
            tokenClient = ready;
        }
        return Optional.of(ready.getTokens().map(Tokens::getAccessToken).await().atMost(timeout));
    }
}
