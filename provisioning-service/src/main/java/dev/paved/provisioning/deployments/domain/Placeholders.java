package dev.paved.provisioning.deployments.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.paved.common.problem.Violation;

/**
 * Placeholders in the strings of a spec: {@code ${metadata.name}},
 * {@code ${metadata.annotations.KEY}} and {@code ${resources.NAME.OUTPUT}}; {@code $${} stands for a
 * literal {@code ${}. Metadata placeholders are substituted when a spec is read; resource
 * placeholders stay until the spec is rendered into an environment.
 */
final class Placeholders {

    private static final String ESCAPE = "$${";
    private static final String OPEN = "${";
    private static final String RESOURCES = "resources.";
    private static final String ANNOTATIONS = "metadata.annotations.";

    /** A part of a string: literal text, or a reference to a resource's output ({@code output} null for the resource itself). */
    record Segment(String text, String resource, String output) {

        boolean isReference() {
            return resource != null;
        }
    }

    /** Where a string is and which placeholders it may use. */
    enum Use {
        /** Any placeholder; secret outputs become secret references. */
        ENVIRONMENT,
        /** Plain values only: no secret outputs. */
        PLAIN,
        /** Metadata only (params of resources). */
        METADATA
    }

    /** What placeholders can name: the workload's name, its annotations, its resources by type. */
    record Scope(String name, Map<String, String> annotations, Map<String, ResourceType> resources) {
    }

    private Placeholders() {
    }

    /**
     * {@code value} with metadata placeholders substituted and resource placeholders kept, after
     * checking every placeholder; what is wrong is added to {@code violations} at {@code pointer}.
     */
    static String resolveMetadata(String value, String pointer, Scope scope, Use use, List<Violation> violations) {
        StringBuilder resolved = new StringBuilder();
        int at = 0;
        while (at < value.length()) {
            if (value.startsWith(ESCAPE, at)) {
                resolved.append(ESCAPE);
                at += ESCAPE.length();
            } else if (value.startsWith(OPEN, at)) {
                int end = value.indexOf('}', at);
                if (end < 0) {
                    violations.add(Violation.at(pointer, "has an unterminated placeholder at character " + at
                            + "; write $${ for a literal ${"));
                    return value;
                }
                String expression = value.substring(at + OPEN.length(), end);
                resolved.append(resolve(expression, pointer, scope, use, violations));
                at = end + 1;
            } else {
                resolved.append(value.charAt(at));
                at++;
            }
        }
        return resolved.toString();
    }

    private static String resolve(String expression, String pointer, Scope scope, Use use,
            List<Violation> violations) {
        String placeholder = OPEN + expression + "}";
        if (expression.equals("metadata.name")) {
            return escape(scope.name());
        }
        if (expression.startsWith(ANNOTATIONS)) {
            String key = expression.substring(ANNOTATIONS.length());
            String annotation = scope.annotations().get(key);
            if (annotation == null) {
                violations.add(Violation.at(pointer, placeholder + " names no annotation of the workload"));
                return placeholder;
            }
            return escape(annotation);
        }
        if (expression.startsWith(RESOURCES)) {
            checkResource(expression.substring(RESOURCES.length()), placeholder, pointer, scope, use, violations);
            return placeholder;
        }
        violations.add(Violation.at(pointer, "unknown placeholder " + placeholder
                + "; known are ${metadata.name}, ${metadata.annotations.KEY} and ${resources.NAME.OUTPUT}"));
        return placeholder;
    }

    private static void checkResource(String reference, String placeholder, String pointer, Scope scope, Use use,
            List<Violation> violations) {
        if (use == Use.METADATA) {
            violations.add(Violation.at(pointer, placeholder + ": params of a resource cannot use resource outputs"));
            return;
        }
        int dot = reference.indexOf('.');
        String resource = dot < 0 ? reference : reference.substring(0, dot);
        String output = dot < 0 ? null : reference.substring(dot + 1);
        if (!scope.resources().containsKey(resource)) {
            violations.add(Violation.at(pointer, placeholder + " names unknown resource '" + resource + "'"));
            return;
        }
        ResourceType type = scope.resources().get(resource);
        if (type == null) {
            return;
        }
        if (output == null) {
            if (type != ResourceType.VOLUME) {
                violations.add(Violation.at(pointer, placeholder + " names no output of " + type.id() + " resource '"
                        + resource + "'; its outputs are " + type.outputs()));
            }
        } else if (!type.outputs().contains(output)) {
            violations.add(Violation.at(pointer, placeholder + ": " + type.id() + " resource '" + resource
                    + "' has no output '" + output + "'; its outputs are " + type.outputs()));
        } else if (type.secretOutputs() && use == Use.PLAIN) {
            violations.add(Violation.at(pointer, placeholder + " is a secret; secrets reach a container only "
                    + "through variables, command and args, never through files"));
        }
    }

    private static String escape(String value) {
        return value.replace(OPEN, ESCAPE);
    }

    /** The parts of a checked string: escapes become literal text, resource placeholders become references. */
    static List<Segment> segments(String value) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int at = 0;
        while (at < value.length()) {
            if (value.startsWith(ESCAPE, at)) {
                text.append(OPEN);
                at += ESCAPE.length();
            } else if (value.startsWith(OPEN + RESOURCES, at) && value.indexOf('}', at) > 0) {
                int end = value.indexOf('}', at);
                String reference = value.substring(at + OPEN.length() + RESOURCES.length(), end);
                int dot = reference.indexOf('.');
                if (!text.isEmpty()) {
                    segments.add(new Segment(text.toString(), null, null));
                    text.setLength(0);
                }
                segments.add(dot < 0 ? new Segment(null, reference, null)
                        : new Segment(null, reference.substring(0, dot), reference.substring(dot + 1)));
                at = end + 1;
            } else {
                text.append(value.charAt(at));
                at++;
            }
        }
        if (!text.isEmpty()) {
            segments.add(new Segment(text.toString(), null, null));
        }
        return segments;
    }
}
