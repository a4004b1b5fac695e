package dev.paved.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a dev-issuer token says: the subject, their teams (groups claim), roles and scopes. */
public record TokenSpec(String subject, List<String> teams, List<String> roles, List<String> scopes,
        String audience, Duration ttl) {

    public static final String DEFAULT_AUDIENCE = "paved";

    public TokenSpec {
        teams = List.copyOf(teams);
        roles = List.copyOf(roles);
        scopes = List.copyOf(scopes);
    }

    public static TokenSpec user(String subject) {
        return new TokenSpec(subject, List.of(), List.of(), List.of(), DEFAULT_AUDIENCE, Duration.ofHours(1));
    }

    public TokenSpec team(String team) {
        return new TokenSpec(subject, appended(teams, team), roles, scopes, audience, ttl);
    }

    public TokenSpec role(String role) {
        return new TokenSpec(subject, teams, appended(roles, role), scopes, audience, ttl);
    }

    public TokenSpec scope(String scope) {
        return new TokenSpec(subject, teams, roles, appended(scopes, scope), audience, ttl);
    }

    public TokenSpec audience(String newAudience) {
        return new TokenSpec(subject, teams, roles, scopes, newAudience, ttl);
    }

    /** A negative ttl makes a token that expired that long ago. */
    public TokenSpec ttl(Duration newTtl) {
        return new TokenSpec(subject, teams, roles, scopes, audience, newTtl);
    }

    private static List<String> appended(List<String> values, String value) {
        List<String> copy = new ArrayList<>(values);
        copy.add(value);
        return copy;
    }
}
