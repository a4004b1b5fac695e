package dev.paved.gateway.api.deployments;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import com.google.protobuf.Timestamp;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.SingleValuedParameters;

/** The query parameters of deployments that need more than a string, refused with their names when invalid. */
final class DeploymentParameters {

    static final String WAIT_FOR_ROLLOUT = "rollout";
    static final String PARAMETER_PREFIX = "param.";
    static final int MAX_REPLICAS = 1000;

    private DeploymentParameters() {
    }

    /** Whether to keep the operation open until the rollout ends: only {@code wait=rollout} asks for it. */
    static boolean waitForRollout(String wait) {
        if (wait == null || wait.isEmpty()) {
            return false;
        }
        if (wait.equals(WAIT_FOR_ROLLOUT)) {
            return true;
        }
        throw ProblemException.badRequest("INVALID_WAIT", "wait can only be rollout.",
                Violation.parameter("wait", "must be rollout, was " + wait));
    }

    /** The replicas asked for; null when not given, so that the spec's or the golden path's count holds. */
    static Integer replicas(String replicas) {
        if (replicas == null || replicas.isBlank()) {
            return null;
        }
        try {
            int count = Integer.parseInt(replicas.trim());
            if (count >= 0 && count <= MAX_REPLICAS) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, like any other count outside the range.
        }
        throw ProblemException.badRequest("INVALID_REPLICAS", "replicas must be a whole number between 0 and "
                + MAX_REPLICAS + ".", Violation.parameter("replicas", "must be a whole number between 0 and "
                        + MAX_REPLICAS + ", was " + replicas));
    }

    /** The commit's time; null when not given. */
    static Timestamp commitTime(String commitTime) {
        if (commitTime == null || commitTime.isEmpty()) {
            return null;
        }
        try {
            Instant time = OffsetDateTime.parse(commitTime).toInstant();
            return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
        } catch (DateTimeParseException notATime) {
            throw ProblemException.badRequest("INVALID_COMMIT_TIME", "commitTime must be an RFC 3339 time.",
                    Violation.parameter("commitTime", "must be an RFC 3339 time such as 2027-01-15T08:00:00Z, was "
                            + commitTime));
        }
    }

    /** Each {@code param.NAME=value} as NAME → value; a name given twice or without a name is refused. */
    static Map<String, String> goldenPathParameters(MultivaluedMap<String, String> query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (!entry.getKey().startsWith(PARAMETER_PREFIX)) {
                continue;
            }
            String name = entry.getKey().substring(PARAMETER_PREFIX.length());
            if (name.isEmpty()) {
                throw ProblemException.badRequest("INVALID_PARAMETER", "Give each golden path parameter as "
                        + "param.NAME=value.", Violation.parameter(entry.getKey(),
                                "must name the parameter: param.NAME"));
            }
            if (entry.getValue().size() > 1) {
                throw SingleValuedParameters.repeated(entry.getKey(), entry.getValue().size());
            }
            parameters.put(name, entry.getValue().get(0));
        }
        return parameters;
    }
}
