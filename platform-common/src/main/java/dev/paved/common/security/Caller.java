package dev.paved.common.security;

import java.util.Set;

/**
 * Who is calling, as every rule of the platform sees it: the token's subject, the teams from its
 * groups claim, its roles and, for service accounts, its scopes.
 */
public record Caller(String subject, Set<String> teams, Set<String> roles, Set<String> scopes) {

    public static final String PLATFORM_ADMIN = "platform-admin";

    public Caller {
        teams = Set.copyOf(teams);
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(PLATFORM_ADMIN);
    }

    public boolean isMemberOf(String team) {
        return teams.contains(team);
    }

    /** Admins act for every team; everyone else only for their own. */
    public boolean mayActFor(String team) {
        return isPlatformAdmin() || isMemberOf(team);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
