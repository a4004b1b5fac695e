package dev.paved.common.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.paved.common.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Resolves the {@link Caller} of the request being served, over REST and gRPC alike. */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;
    private final AuthConfig config;

    public Callers(CurrentIdentityAssociation identities, AuthConfig config) {
        this.identities = identities;
        this.config = config;
    }

    /** The authenticated caller; an anonymous request is answered 401 (gRPC UNAUTHENTICATED). */
    public Caller current() {
        return callerOf(identities.getIdentity());
    }

    /**
     * The same, without blocking, for code on an event loop (where the identity may not be settled
     * yet and {@link #current()} must not wait for it).
     */
    public Uni<Caller> currentAsync() {
        return identities.getDeferredIdentity().map(this::callerOf);
    }

    private Caller callerOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw ProblemException.unauthenticated("A valid bearer token is required.");
        }
        Caller known = identity.getAttribute(CallerAugmentor.CALLER_ATTRIBUTE);
        return known != null ? known : fromToken(token);
    }

    /** The raw bearer token of the current caller, to forward on calls made on their behalf. */
    public String currentToken() {
        SecurityIdentity identity = identities.getIdentity();
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken token) {
            return token.getRawToken();
        }
        throw ProblemException.unauthenticated("A valid bearer token is required.");
    }

    Caller fromToken(JsonWebToken token) {
        Set<String> teams = new LinkedHashSet<>();
        for (String group : strings(claim(token, config.groupsClaim()))) {
            // Keycloak writes group paths ("/payments"); the team is the last segment.
            String team = group.substring(group.lastIndexOf('/') + 1);
            if (!team.isEmpty()) {
                teams.add(team);
            }
        }
        return new Caller(token.getSubject(), teams, strings(claim(token, config.rolesClaim())),
                strings(claim(token, config.scopesClaim())));
    }

    private static Object claim(JsonWebToken token, String path) {
        String[] segments = path.split("\\.");
        Object current = token.getClaim(segments[0]);
        for (int i = 1; i < segments.length && current != null; i++) {
            if (current instanceof JsonObject object) {
                current = object.get(segments[i]);
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(segments[i]);
            } else {
                return null;
            }
        }
        return current;
    }

    private static Set<String> strings(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString string) {
                    values.add(string.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> values.add(unquote(String.valueOf(value))));
        } else if (claim instanceof JsonString string) {
            splitInto(string.getString(), values);
        } else if (claim instanceof String string) {
            splitInto(string, values);
        }
        return values;
    }

    private static void splitInto(String spaceSeparated, Set<String> values) {
        for (String value : spaceSeparated.trim().split("\\s+")) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
