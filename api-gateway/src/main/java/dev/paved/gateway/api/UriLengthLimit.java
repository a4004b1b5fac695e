package dev.paved.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose URI is longer than {@code paved.gateway.max-uri-length} with 414
 * problem+json (Backstage's error shape under its catalog API). The HTTP server's own bounds lie well
 * above it: beyond those it would answer a bare 414 or 431 itself, which no client can read. gRPC
 * calls are not checked: their path is the method's name.
 */
@ApplicationScoped
public class UriLengthLimit {

    /** After the request id is given (1000), before the caller is authenticated (200): the URI alone decides. */
    static final int PRIORITY = 500;

    private final int limit;
    private final VertxProblems problems;

    public UriLengthLimit(GatewayConfig config, VertxProblems problems) {
        this.limit = config.maxUriLength();
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::enforce, PRIORITY);
    }

    private void enforce(RoutingContext context) {
        if (context.request().uri().length() > limit && !GrpcProblems.isGrpc(context.request())) {
            problems.respond(context, VertxProblems.problem(414, "URI_TOO_LONG", "The request's URI (path and "
                    + "query) is longer than the limit of " + limit + " characters."));
            return;
        }
        context.next();
    }
}
