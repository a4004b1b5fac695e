package dev.paved.common.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void answersARememberedTokenUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), clock);
        SecurityIdentity identity = identity("token-a", NOW.plusSeconds(60));
        tokens.remember(identity);

        assertSame(identity, tokens.find("token-a"));
        clock.now = NOW.plusSeconds(59);
        assertSame(identity, tokens.find("token-a"));
        clock.now = NOW.plusSeconds(60);
        assertNull(tokens.find("token-a"));
    }

    @Test
    void trustsALongLivedTokenOnlyForTheMaximumAge() {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), clock);
        tokens.remember(identity("token-a", NOW.plus(Duration.ofHours(12))));

        clock.now = NOW.plus(Duration.ofMinutes(5));
        assertNull(tokens.find("token-a"));
    }

    @Test
    void knowsOnlyTheExactTokenText() {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), clock);
        tokens.remember(identity("header.claims.signature", NOW.plusSeconds(60)));

        assertNull(tokens.find("header.claims.signaturf"));
        assertNull(tokens.find("header.claims."));
    }

    @Test
    void keepsNothingWhenDisabledOrForIdentitiesWithoutAnExpiringJwt() {
        VerifiedTokens disabled = new VerifiedTokens(0, Duration.ofMinutes(5), clock);
        disabled.remember(identity("token-a", NOW.plusSeconds(60)));
        assertNull(disabled.find("token-a"));

        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), clock);
        tokens.remember(identity("token-b", Instant.EPOCH));
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("token-c")).build());
        assertNull(tokens.find("token-b"));
        assertNull(tokens.find("token-c"));
    }

    @Test
    void doesNotKeepATokenThatHasAlreadyExpired() {
        VerifiedTokens tokens = new VerifiedTokens(100, Duration.ofMinutes(5), clock);
        tokens.remember(identity("token-a", NOW.minusSeconds(1)));
        assertNull(tokens.find("token-a"));
    }

    static SecurityIdentity identity(String rawToken, Instant expires) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(Map.of(
                "raw_token", rawToken, "sub", "alice", "exp", expires.getEpochSecond()))).build();
    }

    private record Jwt(Map<String, Object> claims) implements JsonWebToken {

        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
