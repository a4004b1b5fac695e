package dev.paved.gateway.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.Problem;
import dev.paved.common.web.RequestIds;
import dev.paved.gateway.api.backstage.BackstageErrors;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers with a problem where a request never reaches a REST resource or gRPC service (unknown
 * routes, limits, failures below JAX-RS): problem+json over HTTP (Backstage's error shape under its
 * catalog API, {@link BackstageErrors}), a trailers-only status with the problem trailer over gRPC, so
 * that both look exactly like the answers of the resources themselves.
 */
@ApplicationScoped
public class VertxProblems {

    private final ObjectMapper json;

    public VertxProblems(ObjectMapper json) {
        this.json = json;
    }

    static Problem problem(int status, String code, String detail) {
        return Problem.of(status, code, detail, RequestIds.current(), List.of());
    }

    /** Problem+json over HTTP; the problem's status becomes the response status. */
    void respond(RoutingContext context, Problem problem) {
        HttpServerResponse response = context.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // Too late for another status line: the client notices the broken response instead.
            context.request().connection().close();
            return;
        }
        response.setStatusCode(problem.status());
        if (problem.status() == 401) {
            response.putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        HttpServerRequest request = context.request();
        if (BackstageErrors.covers(context.normalizedPath())) {
            response.putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.end(Buffer.buffer(serialize(BackstageErrors.of(problem, request.method().name(), request.uri()))));
            return;
        }
        response.putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.end(Buffer.buffer(serialize(problem)));
    }

    /** Like {@link #respond} and then closes an HTTP/1 connection whose request body is still arriving. */
    void respondAndClose(RoutingContext context, Problem problem) {
        HttpServerRequest request = context.request();
        if (request.version() != HttpVersion.HTTP_2 && !request.isEnded()) {
            context.response().putHeader(HttpHeaderNames.CONNECTION, "close");
            context.response().endHandler(ended -> request.connection().close());
        }
        respond(context, problem);
    }


    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }
}
