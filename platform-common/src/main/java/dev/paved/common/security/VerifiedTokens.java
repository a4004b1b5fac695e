package dev.paved.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Identities of bearer tokens that OIDC has verified, by the exact token text, so that a client
 * sending the same token again is not verified (signature, claims) once per request and per hop.
 * An entry lives until the token expires, and at most {@code paved.auth.token-cache.max-age}, which
 * bounds how long a token stays accepted after its signing key was withdrawn.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Cache<String, Entry> entries;
    private final boolean enabled;
    private final Duration maxAge;
    private final Clock clock;

    @Inject
    public VerifiedTokens(AuthConfig config) {
        this(config.tokenCache().size(), config.tokenCache().maxAge(), Clock.systemUTC());
    }

    VerifiedTokens(int size, Duration maxAge, Clock clock) {
        this.enabled = size > 0 && !maxAge.isZero() && !maxAge.isNegative();
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(size, 1)).expireAfter(new UntilExpiry()).build();
    }

    /** The identity verified for this token, while the token and the entry are both still valid. */
    public SecurityIdentity find(String rawToken) {
        if (!enabled) {
            return null;
        }
        Entry entry = entries.getIfPresent(rawToken);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.invalidate(rawToken);
            return null;
        }
        return entry.identity();
    }

    /** Keeps an identity that OIDC has just verified; identities without a JWT or expiry are not kept. */
    public void remember(SecurityIdentity identity) {
        if (!enabled || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getRawToken() == null || token.getExpirationTime() <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant expires = Instant.ofEpochSecond(token.getExpirationTime());
        Instant validUntil = expires.isBefore(now.plus(maxAge)) ? expires : now.plus(maxAge);
        if (validUntil.isAfter(now)) {
            entries.put(token.getRawToken(), new Entry(identity, validUntil));
        }
    }

    private record Entry(SecurityIdentity identity, Instant validUntil) {
    }

    /** Lets Caffeine drop entries when they stop being valid, not only when the cache is full. */
    private final class UntilExpiry implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), entry.validUntil()).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
