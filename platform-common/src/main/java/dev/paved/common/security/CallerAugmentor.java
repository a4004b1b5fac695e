package dev.paved.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Reads the {@link Caller} out of a freshly verified token once, keeps it on the identity, and
 * remembers the identity in {@link VerifiedTokens}; later requests with the same token reuse both.
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final Callers callers;
    private final VerifiedTokens tokens;

    public CallerAugmentor(Callers callers, VerifiedTokens tokens) {
        this.callers = callers;
        this.tokens = tokens;
    }

    /** Last, so that the identity remembered is the one every other augmentor has finished. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(CALLER_ATTRIBUTE) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        SecurityIdentity withCaller = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(CALLER_ATTRIBUTE, callers.fromToken(token)).build();
        tokens.remember(withCaller);
        return Uni.createFrom().item(withCaller);
    }
}
