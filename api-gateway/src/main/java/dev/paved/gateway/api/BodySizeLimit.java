package dev.paved.gateway.api;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Enforces the request body limit ({@code quarkus.http.limits.max-body-size}, set from
 * {@code paved.http.max-body-size}) before Quarkus does, so that a too large body is answered
 * 413 problem+json: at once from its Content-Length, or while a chunked HTTP/1.1 body arrives (it
 * is then buffered up to the limit, as the REST layer would buffer it anyway). gRPC streams are not buffered;
 * their messages are bounded by gRPC's own message size limit ({@code GrpcMessageLimit}).
 */
@ApplicationScoped
public class BodySizeLimit {

    /** After the {@link CallerGate}, so that turned-away requests are never read. */
    static final int PRIORITY = 10;

    /**
     * Methods whose HTTP/2 requests may carry a body. One without Content-Length cannot be buffered
     * here as a chunked HTTP/1.1 body is (the REST layer pauses the stream it reads, which an ended
     * HTTP/2 request refuses), and is not counted against the limit by the server: it is refused.
     */
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long limit;
    private final VertxProblems problems;
    private final BodyHandler chunkedBodies;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            VertxProblems problems) {
        this.limit = limit.asLongValue();
        this.problems = problems;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.limit);
    }

    void register(@Observes Filters filters) {
        filters.register(this::enforce, PRIORITY);
    }

    private void enforce(RoutingContext context) {
        if (GrpcProblems.isGrpc(context.request())) {
            context.next();
            return;
        }
        String contentLength = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (contentLength == null) {
            HttpServerRequest request = context.request();
            if (request.version() == HttpVersion.HTTP_2 && BODY_METHODS.contains(request.method())) {
                problems.respond(context, VertxProblems.problem(411, "LENGTH_REQUIRED",
                        "Over HTTP/2, a request body needs a Content-Length header."));
            } else if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
            return;
        }
        if (isOver(contentLength)) {
            problems.respondAndClose(context, tooLarge());
            return;
        }
        context.next();
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException malformed) {
            // Vert.x rejects a malformed Content-Length before any handler runs; be strict all the same.
            return true;
        }
    }

    /** The problem for a body over the limit, also when the body handler reports it as a failure. */
    Problem tooLarge() {
        return VertxProblems.problem(413, Problem.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + limit + " bytes.");
    }
}
