package dev.paved.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the gateway adds on top of the shared conventions: its rate limit, its calls to the backends,
 * its own service identity, its cache of catalog reads and its log streams.
 */
@ConfigMapping(prefix = "paved.gateway")
public interface GatewayConfig {

    RateLimit rateLimit();

    Upstream upstream();

    ServiceClient client();

    CatalogCache catalogCache();

    Logs logs();

    /**
     * The longest request URI (path and query, as sent) the gateway serves; a longer one is answered
     * 414 problem+json. As long as the headers Backstage's own backend takes (Node's default, 16 KiB),
     * so that whatever a Backstage portal asks for fits.
     */
    @WithDefault("16384")
    int maxUriLength();

    /**
     * How long a Component's deployments wait for an environment's health before showing it Unknown
     * (the answer never fails for it).
     */
    @WithDefault("3s")
    Duration componentHealthWait();

    /**
     * The gateway's own OAuth 2.0 client at the OIDC provider, for calls it makes on nobody's behalf
     * (following the catalog's changes). Without it the gateway caches nothing.
     */
    interface ServiceClient {

        Optional<String> id();

        Optional<String> secret();

        default boolean isConfigured() {
            return id().isPresent() && secret().isPresent();
        }
    }

    /** Entities read by ref and pages of query answers, kept while the gateway follows the catalog's change stream. */
    interface CatalogCache {

        /** Entities kept at most; 0 turns their cache off. */
        @WithDefault("20000")
        int size();

        /** Characters of JSON kept for pages of query answers; 0 turns their cache off. */
        @WithDefault("16M")
        MemorySize pages();

        /** How long to wait before following the change stream again after it broke. */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** Log streams (follow=true) the gateway serves as server-sent events. */
    interface Logs {

        /**
         * A follow ends after this long, whatever observability-service's own bound, so that a
         * follower never holds a connection of the gateway for longer; the client follows again if it
         * still wants to.
         */
        @WithDefault("30M")
        Duration followMaxDuration();
    }

    /** A token bucket per caller: the token's subject, or the client address for requests without a valid token. */
    interface RateLimit {

        @WithDefault("true")
        boolean enabled();

        /** Requests a caller may make at once before the sustained rate applies. */
        @WithDefault("100")
        int burst();

        /** Sustained requests per second per caller; fractions allow slow limits such as 0.5. */
        @WithDefault("20")
        double requestsPerSecond();
    }

    /** The backends the gateway calls over gRPC. */
    interface Upstream {

        /** Deadline of each unary call to a backend without its own entry in {@link #deadlines()}. */
        @WithDefault("10s")
        Duration deadline();

        /** Deadline of each unary call per backend, keyed by its proto domain (catalog for paved.catalog.v1). */
        Map<String, Duration> deadlines();
    }
}
