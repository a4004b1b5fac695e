package dev.paved.common.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The RFC 9457 problem document every error of the platform is answered with. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
        List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** The code of a request body or gRPC message over its transport's size limit, everywhere (413). */
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    private static final String TYPE_BASE = "https://paved.dev/problems/";

    public static Problem of(int status, String code, String detail, String instance, List<Violation> errors) {
        return new Problem(typeOf(code), HttpReasons.phrase(status), status, detail, instance, code,
                errors == null ? List.of() : List.copyOf(errors));
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, code, errors);
    }

    /** {@code ENVIRONMENT_NOT_FOUND} becomes {@code https://paved.dev/problems/environment-not-found}. */
    static String typeOf(String code) {
        return TYPE_BASE + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
