package dev.paved.common.problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;

import dev.paved.api.common.v1.FieldViolation;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Carries a {@link Problem} across gRPC: the status code matches the HTTP status, the description
 * reads {@code CODE: detail}, and the problem travels in the {@code paved-problem-bin} trailer.
 *
 * <p>Trailers are bounded: a client refuses a block larger than its limit (8 KiB by default in
 * grpc-java, the services' own clients included) and sees a reset stream instead of the status. So
 * the description and the problem are {@linkplain #fitted shortened} to stay well within that limit.
 */
public final class GrpcProblems {

    private static final String CONTENT_TYPE = "application/grpc";
    public static final Metadata.Key<dev.paved.api.common.v1.Problem> PROBLEM_TRAILER = Metadata.Key.of(
            "paved-problem-bin", ProtoUtils.metadataMarshaller(dev.paved.api.common.v1.Problem.getDefaultInstance()));

    /** Bytes of the description once percent-encoded, as servers may encode every byte but letters and digits. */
    static final int DESCRIPTION_LIMIT = 1024;
    /** Bytes of the serialized problem; the trailer carries it in base64, a third larger. */
    static final int PROBLEM_LIMIT = 4800;
    static final int DETAIL_LIMIT = 1024;
    /** Characters of each violation's pointer, parameter, message and code. */
    static final int FIELD_LIMIT = 256;

    /** Whether the request is a gRPC call: HTTP/2 with a gRPC content type. */
    public static boolean isGrpc(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaderNames.CONTENT_TYPE);
        return request.version() == HttpVersion.HTTP_2 && contentType != null && contentType.startsWith(CONTENT_TYPE);
    }

    /**
     * Answers an HTTP/2 request with a gRPC trailers-only response carrying the problem, as a service's
     * own refusals look; nothing if the response has begun already.
     */
    public static void respondTrailersOnly(HttpServerResponse response, Problem problem) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(200).putHeader(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        headersOf(problem).forEach(response::putHeader);
        response.end();
    }

    /** Room kept for the sentence that says how many violations are listed. */
    private static final int OMISSION_NOTE_ROOM = 64;
    private static final String ELLIPSIS = "\u2026";

    private GrpcProblems() {
    }

    public static StatusRuntimeException toStatus(Problem problem) {
        Problem fitted = fitted(problem);
        Metadata trailers = new Metadata();
        trailers.put(PROBLEM_TRAILER, toProto(fitted));
        return statusOf(fitted).asRuntimeException(trailers);
    }

    /**
     * The HTTP/2 headers of a trailers-only gRPC answer with this problem, for an answer written
     * outside gRPC's own call handling: {@code grpc-status}, {@code grpc-message} (percent-encoded as
     * the wire wants) and the problem trailer (base64).
     */
    public static Map<String, String> headersOf(Problem problem) {
        StatusRuntimeException status = toStatus(problem);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("grpc-status", Integer.toString(status.getStatus().getCode().value()));
        headers.put("grpc-message", percentEncoded(status.getStatus().getDescription()));
        headers.put(PROBLEM_TRAILER.name(), Base64.getEncoder().withoutPadding()
                .encodeToString(status.getTrailers().get(PROBLEM_TRAILER).toByteArray()));
        return headers;
    }

    /** The gRPC wire encoding of grpc-message: printable ASCII except '%' as is, every other byte as %XX. */
    private static String percentEncoded(String message) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            if (b >= ' ' && b <= '~' && b != '%') {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    /** The status a call that failed with this problem closes with: the matching code and {@code CODE: detail}. */
    static Status statusOf(Problem problem) {
        return grpcStatusOf(problem.status()).withDescription(encodedWithin(problem.code() + ": " + problem.detail(),
                DESCRIPTION_LIMIT));
    }

    /**
     * The problem as a trailer can carry it: a long detail or violation text (which may repeat what the
     * caller sent) cut short, and the violations that fit, the detail then saying how many of them are listed.
     */
    static Problem fitted(Problem problem) {
        String detail = problem.detail() == null ? null : within(problem.detail(), DETAIL_LIMIT);
        Problem bare = new Problem(problem.type(), problem.title(), problem.status(), detail, problem.instance(),
                problem.code(), List.of());
        int room = PROBLEM_LIMIT - OMISSION_NOTE_ROOM - toProto(bare).getSerializedSize();
        List<Violation> kept = new ArrayList<>();
        for (Violation violation : problem.errors()) {
            Violation shortened = new Violation(within(violation.pointer(), FIELD_LIMIT),
                    within(violation.parameter(), FIELD_LIMIT), within(violation.message(), FIELD_LIMIT),
                    within(violation.code(), FIELD_LIMIT));
            room -= CodedOutputStream.computeMessageSize(dev.paved.api.common.v1.Problem.ERRORS_FIELD_NUMBER,
                    fieldOf(shortened));
            if (room < 0) {
                break;
            }
            kept.add(shortened);
        }
        if (kept.size() < problem.errors().size()) {
            detail = (detail == null ? "" : detail + " ") + "The first " + kept.size() + " of "
                    + problem.errors().size() + " errors are listed.";
        }
        return new Problem(problem.type(), problem.title(), problem.status(), detail, problem.instance(),
                problem.code(), List.copyOf(kept));
    }

    /** The text, cut to at most {@code limit} characters (an ellipsis marking the cut), never inside a surrogate pair. */
    private static String within(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** The text, cut so that percent-encoding every byte but ASCII letters and digits takes at most {@code limit} bytes. */
    private static String encodedWithin(String text, int limit) {
        int room = limit - ELLIPSIS.codePoints().map(GrpcProblems::encodedSize).sum();
        for (int end = 0; end < text.length(); end += Character.charCount(text.codePointAt(end))) {
            room -= encodedSize(text.codePointAt(end));
            if (room < 0) {
                return text.substring(0, end) + ELLIPSIS;
            }
        }
        return text;
    }

    private static int encodedSize(int codePoint) {
        if (codePoint < 0x80) {
            return Character.isLetterOrDigit(codePoint) ? 1 : 3;
        }
        return 3 * (codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);
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

    /**
     * The HTTP status of a bare gRPC status. Every RESOURCE_EXHAUSTED a Paved service answers itself
     * (a rate limit, a request message over the limit) carries its problem; a bare one is a transport
     * refusing a message over its size limit, in practice an answer larger than the receiving client
     * takes. That is the upstream's failure, not a limit to wait out, so it is no 429.
     */
    static int httpStatusOf(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case FAILED_PRECONDITION -> 412;
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
            builder.addErrors(fieldOf(violation));
        }
        return builder.build();
    }

    private static FieldViolation fieldOf(Violation violation) {
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
        return field.build();
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
