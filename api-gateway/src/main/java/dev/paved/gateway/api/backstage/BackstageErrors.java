package dev.paved.gateway.api.backstage;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;

/**
 * Errors under {@value #PATH} in the shape Backstage's errorHandler writes and its client reads
 * ({@code ResponseError.fromResponse} of {@code @backstage/errors}): an {@code application/json}
 * body {@code {error: {name, message}, request: {method, url}, response: {statusCode}}}. A problem+json
 * body would reach a Backstage client only as an opaque message; this way it sees the error's name
 * (NotFoundError, InputError, …) and message. The problem's stable code and its invalid parameters
 * come along as {@code error.code} and {@code error.errors}, which Backstage keeps on the
 * deserialized error. Every status and header stays as Paved answers it.
 */
public class BackstageErrors {

    public static final String PATH = "/api/catalog";

    /** Whether a request path belongs to Backstage's catalog API (and not to Paved's /api/v1/catalog). */
    public static boolean covers(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    /** The Backstage error for a problem of a request. */
    public static Body of(Problem problem, String method, String url) {
        return new Body(new Error(nameOf(problem.status()), problem.detail() != null ? problem.detail() : problem.title(),
                problem.code(), problem.errors() == null || problem.errors().isEmpty() ? null : problem.errors()),
                new Request(method, url), new Response(problem.status()));
    }

    /** The JS error class Backstage's own backend would answer the status with. */
    static String nameOf(int status) {
        return switch (status) {
            case 400, 413, 414, 415, 422 -> "InputError";
            case 401 -> "AuthenticationError";
            case 403 -> "NotAllowedError";
            case 404 -> "NotFoundError";
            case 409, 412 -> "ConflictError";
            case 501 -> "NotImplementedError";
            case 503 -> "ServiceUnavailableError";
            default -> "Error";
        };
    }

    /**
     * Problems the REST layer answers (from resources, exception mappers, the authentication check).
     * validateEntity answers a request it cannot take (an unreadable body, a body it refuses) as an
     * invalid entity, {@code 400 {errors}}, as Backstage's backend does: its client reads a 400 only so.
     */
    @ServerResponseFilter
    public void inBackstageShape(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getRequestUri().getPath();
        if (!(response.getEntity() instanceof Problem problem) || !covers(path)) {
            return;
        }
        Object body = problem.status() == 400 && path.equals(PATH + BackstageCatalogResource.VALIDATE_ENTITY)
                ? BackstageCatalogResource.invalidEntity(problem, "/entity")
                : of(problem, request.getMethod(), url(request));
        response.setEntity(body, null, MediaType.APPLICATION_JSON_TYPE);
    }

    private static String url(ContainerRequestContext request) {
        var uri = request.getUriInfo().getRequestUri();
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** The body; its schema is {@code BackstageError} of the contract (ProblemDocumentation). */
    public record Body(Error error, Request request, Response response) {
    }

    public record Error(String name, String message, String code, List<Violation> errors) {
    }

    public record Request(String method, String url) {
    }

    public record Response(int statusCode) {
    }
}
