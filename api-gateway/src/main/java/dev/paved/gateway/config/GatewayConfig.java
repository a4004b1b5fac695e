package dev.paved.gateway.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the gateway adds on top of the shared conventions: its rate limit and its calls to the backends. */
@ConfigMapping(prefix = "paved.gateway")
public interface GatewayConfig {

    RateLimit rateLimit();

    Upstream upstream();

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
