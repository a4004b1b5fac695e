package dev.paved.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.paved.local.DevIssuer;
import dev.paved.local.TokenSpec;

/**
 * Bearer tokens for tests, signed by a dev issuer that the service under test trusts
 * ({@link OidcTestResource}), plus the kinds of token it must refuse.
 */
public final class TestTokens {

    private static DevIssuer issuer;
    private static DevIssuer otherIssuer;

    private TokenSpec spec;
    private boolean fromOtherIssuer;

    private TestTokens(TokenSpec spec) {
        this.spec = spec;
    }

    public static TestTokens user(String subject) {
        return new TestTokens(TokenSpec.user(subject));
    }

    public TestTokens team(String team) {
        spec = spec.team(team);
        return this;
    }

    public TestTokens role(String role) {
        spec = spec.role(role);
        return this;
    }

    public TestTokens scope(String scope) {
        spec = spec.scope(scope);
        return this;
    }

    public TestTokens audience(String audience) {
        spec = spec.audience(audience);
        return this;
    }

    public TestTokens expired() {
        return expiresIn(Duration.ofMinutes(-10));
    }

    public TestTokens expiresIn(Duration ttl) {
        spec = spec.ttl(ttl);
        return this;
    }

    /** Signed by an issuer the service does not trust. */
    public TestTokens otherIssuer() {
        fromOtherIssuer = true;
        return this;
    }

    public String sign() {
        return (fromOtherIssuer ? untrustedIssuer() : issuer()).mint(spec);
    }

    /** {@code Authorization} header value. */
    public String bearer() {
        return "Bearer " + sign();
    }

    /** A token with {@code alg: none} and no signature, which must never be accepted. */
    public static String unsigned(String subject) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        long expires = System.currentTimeMillis() / 1000 + 3600;
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(("{\"iss\":\"" + issuer().issuerUrl() + "\",\"sub\":\"" + subject
                + "\",\"aud\":\"paved\",\"exp\":" + expires + ",\"roles\":[\"platform-admin\"]}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    public static synchronized DevIssuer issuer() {
        if (issuer == null) {
            issuer = startIssuer();
        }
        return issuer;
    }

    private static synchronized DevIssuer untrustedIssuer() {
        if (otherIssuer == null) {
            otherIssuer = startIssuer();
        }
        return otherIssuer;
    }

    private static DevIssuer startIssuer() {
        try {
            DevIssuer started = DevIssuer.start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("the dev issuer did not start", e);
        }
    }
}
