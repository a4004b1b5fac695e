package dev.paved.common.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;

class VerifiedTokenMechanismTest {

    private static final Instant NOW = Instant.now();

    private final VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    private final VerifiedTokenMechanism mechanism = new VerifiedTokenMechanism(tokens);

    @Test
    void answersTheIdentityOidcVerifiedForTheSameBearerToken() {
        SecurityIdentity verified = VerifiedTokensTest.identity("header.claims.signature", NOW.plusSeconds(60));
        tokens.remember(verified);

        assertSame(verified, mechanism.known("Bearer header.claims.signature"));
        assertSame(verified, mechanism.known("bearer header.claims.signature"));
    }

    @Test
    void leavesEveryOtherAuthorizationToOidc() {
        tokens.remember(VerifiedTokensTest.identity("header.claims.signature", NOW.plusSeconds(60)));

        assertNull(mechanism.known(null));
        assertNull(mechanism.known("header.claims.signature"));
        assertNull(mechanism.known("Basic header.claims.signature"));
        assertNull(mechanism.known("DPoP header.claims.signature"));
        assertNull(mechanism.known("Bearer header.claims.signaturf"));
        assertNull(mechanism.known("Bearer  header.claims.signature"));
        assertNull(mechanism.known("Bearer "));
    }

    @Test
    void leavesAnExpiredTokenToOidc() {
        tokens.remember(VerifiedTokensTest.identity("header.claims.signature", NOW.minusSeconds(1)));

        assertNull(mechanism.known("Bearer header.claims.signature"));
    }
}
