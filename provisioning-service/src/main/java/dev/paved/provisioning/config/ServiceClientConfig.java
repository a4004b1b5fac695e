package dev.paved.provisioning.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The service's own OAuth 2.0 client at the OIDC provider (PAVED_PROVISIONING_CLIENT_ID and
 * PAVED_PROVISIONING_CLIENT_SECRET, client credentials grant), for the calls it makes on nobody's
 * behalf, such as publishing the built-in golden paths at startup.
 */
@ConfigMapping(prefix = "paved.provisioning.client")
public interface ServiceClientConfig {

    Optional<String> id();

    Optional<String> secret();

    default boolean isConfigured() {
        return id().isPresent() && secret().isPresent();
    }
}
