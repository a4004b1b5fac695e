package dev.paved.provisioning.deployments.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How image tags are resolved to digests through the registries' OCI distribution API. A registry
 * needs no entry to be reachable anonymously over HTTPS (loopback ones over HTTP).
 */
@ConfigMapping(prefix = "paved.provisioning.registries")
public interface RegistriesConfig {

    /**
     * Registries by host as written in image references ({@code ghcr.io}, {@code docker.io},
     * {@code registry.example.com:5000}); quote keys holding dots:
     * {@code paved.provisioning.registries.hosts."ghcr.io".username}.
     */
    Map<String, Registry> hosts();

    /** Time to open a connection to a registry or its token service. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** Time for one request to answer. */
    @WithDefault("5S")
    Duration requestTimeout();

    interface Registry {

        /** Sent as basic credentials, to the registry or to the token service it names. */
        Optional<String> username();

        Optional<String> password();

        /** Plain HTTP instead of HTTPS, for a registry inside a trusted network. */
        @WithDefault("false")
        boolean insecure();
    }
}
