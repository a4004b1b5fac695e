package dev.paved.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invalid part of a request. {@code pointer} is an RFC 6901 JSON pointer into the request
 * body; {@code parameter} names a query parameter or header instead. Exactly one is set.
 * {@code code} is a stable code for what is wrong, where the service gives one (a guardrail's name).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String pointer, String parameter, String message, String code) {

    public Violation(String pointer, String parameter, String message) {
        this(pointer, parameter, message, null);
    }

    public static Violation at(String pointer, String message) {
        return new Violation(pointer, null, message);
    }

    public static Violation parameter(String parameter, String message) {
        return new Violation(null, parameter, message);
    }

    public Violation withCode(String code) {
        return new Violation(pointer, parameter, message, code);
    }
}
