package dev.paved.provisioning.domain;

import java.util.List;
import java.util.regex.Pattern;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** DNS-1123 labels: what names of teams, applications, stages and environments must be. */
public final class Names {

    public static final int MAX_LENGTH = 63;
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Names() {
    }

    public static boolean isLabel(String value) {
        return value != null && value.length() <= MAX_LENGTH && DNS_1123_LABEL.matcher(value).matches();
    }

    /**
     * Refuses an environment's name that is not a label before it is looked up. The violation names
     * {@code env}, the path parameter that carries it in every environment's REST path.
     */
    public static void requireEnvironment(String name) {
        if (!isLabel(name)) {
            throw ProblemException.badRequest("INVALID_ENVIRONMENT_NAME", "'" + name
                    + "' is not an environment name.", Violation.parameter("env", "must be a DNS-1123 label"));
        }
    }

    /** Adds a violation at {@code pointer} unless {@code value} is a DNS-1123 label. */
    public static void checkLabel(String pointer, String value, boolean required, List<Violation> violations) {
        if (value == null || value.isEmpty()) {
            if (required) {
                violations.add(Violation.at(pointer, "is required"));
            }
        } else if (!isLabel(value)) {
            violations.add(Violation.at(pointer, "must be a DNS-1123 label: at most " + MAX_LENGTH
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit"));
        }
    }
}
