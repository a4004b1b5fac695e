package dev.paved.common.problem;

import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.paved.common.web.RequestIds;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one mapping from exceptions to problem+json for every REST endpoint of every service. Bodies
 * never carry stack traces or class names; unexpected failures are logged with the request id.
 */
public class RestProblemMapper {

    private static final Logger LOG = Logger.getLogger(RestProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception) {
        return ProblemResponses.of(exception.toProblem(RequestIds.current()));
    }

    @ServerExceptionMapper
    public Response upstream(StatusRuntimeException exception) {
        return ProblemResponses.of(GrpcProblems.fromStatus(exception.getStatus(), exception.getTrailers(),
                RequestIds.current()));
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated() {
        return respond(401, "UNAUTHENTICATED", "A valid bearer token is required.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return respond(403, "FORBIDDEN", "The caller may not perform this request.");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException exception) {
        return respond(404, "ROUTE_NOT_FOUND", "No resource exists at this path.");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException exception) {
        Response response = respond(405, "METHOD_NOT_ALLOWED", "This resource does not support the method.");
        var allowed = exception.getResponse().getAllowedMethods();
        return allowed.isEmpty() ? response : Response.fromResponse(response).allow(allowed).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException exception) {
        return respond(406, "NOT_ACCEPTABLE", "The resource cannot be represented in an acceptable media type.");
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException exception) {
        return respond(415, "UNSUPPORTED_MEDIA_TYPE", "The request body's content type is not supported here.");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException exception) {
        return ProblemResponses.of(Problem.of(400, "MALFORMED_JSON", "The request body is not valid JSON: "
                + JsonParseErrors.message(exception), RequestIds.current(), List.of()));
    }

    // Listed explicitly: the REST layer's own mapper for MismatchedInputException would win otherwise.
    @ServerExceptionMapper({ JsonMappingException.class, MismatchedInputException.class,
            UnrecognizedPropertyException.class })
    public Response mismatchedJson(JsonMappingException exception) {
        String pointer = JsonPointers.of(exception.getPath());
        String message = exception instanceof UnrecognizedPropertyException unknown ? unknownField(unknown)
                : "has the wrong type or shape";
        return ProblemResponses.of(Problem.of(400, "INVALID_JSON", "The request body does not have the expected shape.",
                RequestIds.current(), List.of(Violation.at(pointer, message))));
    }

    /** A field a strict body does not have, with those it has: a misspelt one is then plain to see. */
    private static String unknownField(UnrecognizedPropertyException unknown) {
        if (unknown.getKnownPropertyIds() == null || unknown.getKnownPropertyIds().isEmpty()) {
            return "unknown field";
        }
        return "unknown field; known are " + String.join(", ", unknown.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().toList());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException exception) {
        List<Violation> errors = exception.getConstraintViolations().stream()
                .map(violation -> Violation.at(JsonPointers.ofPropertyPath(violation.getPropertyPath().toString()),
                        violation.getMessage()))
                .toList();
        return ProblemResponses.of(Problem.of(400, "VALIDATION_FAILED", "The request is not valid.",
                RequestIds.current(), errors));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception) {
        // The JSON body reader wraps unreadable bodies in a plain 400; say what was wrong with them.
        if (exception.getCause() instanceof JsonParseException malformed) {
            return malformedJson(malformed);
        }
        if (exception.getCause() instanceof JsonMappingException mismatched) {
            return mismatchedJson(mismatched);
        }
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(exception);
        }
        return respond(status, status == 413 ? Problem.PAYLOAD_TOO_LARGE : "BAD_REQUEST",
                status == 413 ? "The request body is too large." : "The request could not be understood.");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable throwable) {
        LOG.errorf(throwable, "Unexpected failure [request id %s]", RequestIds.current());
        return respond(500, "INTERNAL_ERROR", "An unexpected error occurred.");
    }

    private static Response respond(int status, String code, String detail) {
        return ProblemResponses.of(Problem.of(status, code, detail, RequestIds.current(), List.of()));
    }
}
