package dev.paved.common.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the token says who the caller is. Claim paths are dot-separated, so Keycloak's
 * {@code realm_access.roles} works as well as a flat {@code roles}.
 */
@ConfigMapping(prefix = "paved.auth")
public interface AuthConfig {

    /** The claim listing the caller's groups; each group is a team. */
    @WithDefault("groups")
    String groupsClaim();

    /** The claim listing the caller's roles, such as {@code platform-admin}. */
    @WithDefault("roles")
    String rolesClaim();

    /** The claim listing a service account's scopes (space-separated string or array). */
    @WithDefault("scope")
    String scopesClaim();

    /** Verified tokens kept so that repeated requests with the same token skip verification. */
    TokenCache tokenCache();

    interface TokenCache {

        /** How many tokens are kept; 0 verifies every request afresh. */
        @WithDefault("2000")
        int size();

        /** The longest a verified token is trusted without verifying it again (e.g. after key rotation). */
        @WithDefault("5m")
        Duration maxAge();
    }
}
