package dev.paved.provisioning.domain;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.security.Caller;

/**
 * The one authorization rule of provisioning: members of a team act on its environments and their
 * operations, platform admins on all. Existence is not hidden (environment names are global, a
 * create reveals a taken one anyway), so someone else's environment answers 403, never 404.
 */
public final class Access {

    private Access() {
    }

    public static void requireTeam(Caller caller, String team) {
        if (!caller.mayActFor(team)) {
            throw ProblemException.forbidden("TEAM_FORBIDDEN",
                    "Only members of team '" + team + "' and platform admins may manage its environments and read"
                            + " its deployments.");
        }
    }

    public static void requireEnvironment(Caller caller, String environment, String team) {
        if (!caller.mayActFor(team)) {
            throw ProblemException.forbidden("ENVIRONMENT_FORBIDDEN",
                    "Environment '" + environment + "' belongs to another team.");
        }
    }

    public static void requireOperation(Caller caller, String operationId, String team) {
        if (!caller.mayActFor(team)) {
            throw ProblemException.forbidden("OPERATION_FORBIDDEN",
                    "Operation " + operationId + " belongs to another team.");
        }
    }
}
