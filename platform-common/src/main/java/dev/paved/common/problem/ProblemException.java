package dev.paved.common.problem;

import java.util.List;

/**
 * The one way a service says that a request cannot be served. It becomes problem+json over REST
 * and a gRPC status with the problem in its trailers, so both transports report the same code.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> errors;

    public ProblemException(int status, String code, String detail, List<Violation> errors) {
        // Expected outcomes, not bugs: no stack trace to capture.
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public static ProblemException badRequest(String code, String detail, Violation... errors) {
        return new ProblemException(400, code, detail, List.of(errors));
    }

    public static ProblemException invalid(String code, String detail, List<Violation> errors) {
        return new ProblemException(422, code, detail, errors);
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(401, "UNAUTHENTICATED", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, detail);
    }

    public static ProblemException preconditionFailed(String code, String detail) {
        return new ProblemException(412, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> errors() {
        return errors;
    }

    public Problem toProblem(String instance) {
        return Problem.of(status, code, getMessage(), instance, errors);
    }
}
