package dev.paved.common.problem;

import java.util.List;

import dev.paved.api.common.v1.FieldViolation;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * Carries a {@link Problem} across gRPC: the status code matches the HTTP status, the description
 * reads {@code CODE: detail}, and the full problem travels in the {@code paved-problem-bin} trailer.
 */
public final class GrpcProblems {

    public static final Metadata.Key<dev.paved.api.common.v1.Problem> PROBLEM_TRAILER = Metadata.Key.of(
            "paved-problem-bin", ProtoUtils.metadataMarshaller(dev.paved.api.common.v1.Problem.getDefaultInstance()));

    private GrpcProblems() {
    }

    public static StatusRuntimeException toStatus(Problem problem) {
        Metadata trailers = new Metadata();
        trailers.put(PROBLEM_TRAILER, toProto(problem));
        return grpcStatusOf(problem.status())
                .withDescription(problem.code() + ": " + problem.detail())
                .asRuntimeException(trailers);
    }

    /** The problem a failed call reported, or one derived from its bare status when it sent none. */
    public static Problem fromStatus(Status status, Metadata trailers, String instance) {
        if (trailers != null && trailers.containsKey(PROBLEM_TRAILER)) {
            return fromProto(trailers.get(PROBLEM_TRAILER)).withInstance(instance);
        }
        int httpStatus = httpStatusOf(status.getCode());
        String code = switch (status.getCode()) {
            case UNAVAILABLE -> "UPSTREAM_UNAVAILABLE";
            case DEADLINE_EXCEEDED -> "UPSTREAM_TIMEOUT";
            case UNAUTHENTICATED -> "UNAUTHENTICATED";
            case PERMISSION_DENIED -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case UNIMPLEMENTED -> "NOT_IMPLEMENTED";
            case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
            default -> httpStatus >= 500 ? "UPSTREAM_ERROR" : status.getCode().name();
        };
        // A bare status from a peer may describe internals; only client errors pass their text on.
        String detail = httpStatus < 500 && status.getDescription() != null ? status.getDescription()
                : "The request could not be completed by an upstream service.";
        return Problem.of(httpStatus, code, detail, instance, List.of());
    }

    public static Status grpcStatusOf(int httpStatus) {
        return switch (httpStatus) {
            case 400, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 412, 428 -> Status.FAILED_PRECONDITION;
            case 413, 429 -> Status.RESOURCE_EXHAUSTED;
            case 501 -> Status.UNIMPLEMENTED;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> httpStatus >= 500 ? Status.INTERNAL : Status.INVALID_ARGUMENT;
        };
    }

    static int httpStatusOf(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case FAILED_PRECONDITION -> 412;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case CANCELLED -> 499;
            default -> 502;
        };
    }

    public static dev.paved.api.common.v1.Problem toProto(Problem problem) {
        var builder = dev.paved.api.common.v1.Problem.newBuilder()
                .setType(problem.type())
                .setTitle(problem.title())
                .setStatus(problem.status())
                .setCode(problem.code());
        if (problem.detail() != null) {
            builder.setDetail(problem.detail());
        }
        if (problem.instance() != null) {
            builder.setInstance(problem.instance());
        }
        for (Violation violation : problem.errors()) {
            var field = FieldViolation.newBuilder().setMessage(violation.message());
            if (violation.pointer() != null) {
                field.setPointer(violation.pointer());
            }
            if (violation.parameter() != null) {
                field.setParameter(violation.parameter());
            }
            if (violation.code() != null) {
                field.setCode(violation.code());
            }
            builder.addErrors(field);
        }
        return builder.build();
    }

    public static Problem fromProto(dev.paved.api.common.v1.Problem proto) {
        List<Violation> errors = proto.getErrorsList().stream()
                .map(field -> new Violation(pointerOf(field), emptyToNull(field.getParameter()), field.getMessage(),
                        emptyToNull(field.getCode())))
                .toList();
        return Problem.of(proto.getStatus(), proto.getCode(), emptyToNull(proto.getDetail()),
                emptyToNull(proto.getInstance()), errors);
    }

    /**
     * Proto3 cannot tell an empty pointer from none; a violation without a parameter has a pointer,
     * so an empty one there is "" (the whole body).
     */
    private static String pointerOf(FieldViolation field) {
        return field.getParameter().isEmpty() ? field.getPointer() : emptyToNull(field.getPointer());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
