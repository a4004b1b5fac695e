package dev.paved.common.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a bearer token from {@link VerifiedTokens} before the OIDC mechanism reads it: OIDC
 * decodes the token's claims (base64, JSON) and resolves its tenant on every request before any
 * identity provider is asked. A token it does not know (or no longer trusts) is left to OIDC, which
 * verifies it in full, and so is every challenge.
 */
@ApplicationScoped
public class VerifiedTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    /** Above the OIDC mechanism's, so the cache is asked first. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    private final VerifiedTokens tokens;

    public VerifiedTokenMechanism(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        SecurityIdentity known = known(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        // The identity carries the request it was verified on; this request must replace it.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(known)
                .addAttribute(RoutingContext.class.getName(), context).build());
    }

    /** The identity OIDC verified for the bearer token of this Authorization header, or null. */
    SecurityIdentity known(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return tokens.find(authorization.substring(BEARER.length()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
