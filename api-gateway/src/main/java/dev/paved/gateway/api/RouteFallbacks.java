package dev.paved.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.web.RequestIds;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What Vert.x would otherwise answer itself: a request no route serves gets 404 problem+json (never
 * the default page), and a failure outside the REST layer becomes a problem without internals.
 */
@ApplicationScoped
public class RouteFallbacks {

    private static final Logger LOG = Logger.getLogger(RouteFallbacks.class);

    private final VertxProblems problems;
    private final BodySizeLimit bodySizeLimit;

    public RouteFallbacks(VertxProblems problems, BodySizeLimit bodySizeLimit) {
        this.problems = problems;
        this.bodySizeLimit = bodySizeLimit;
    }

    void register(@Observes Router router) {
        router.route().last().handler(this::notFound);
        // Before Quarkus' own last-resort error page, which shows stack traces in dev and test mode.
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(this::failed);
    }

    private void notFound(RoutingContext context) {
        problems.respond(context, VertxProblems.problem(404, "ROUTE_NOT_FOUND", "No resource exists at this path."));
    }

    private void failed(RoutingContext context) {
        if (GrpcProblems.isGrpc(context.request())) {
            // Quarkus' gRPC failure handler answers in gRPC's own terms.
            context.next();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof HttpClosedException) {
            // The client went away, typically in the middle of a body over the limit: nobody to answer.
            return;
        }
        int status = context.statusCode();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            problems.respond(context, VertxProblems.problem(401, "UNAUTHENTICATED", "A valid bearer token is required."));
        } else if (failure instanceof ForbiddenException) {
            problems.respond(context, VertxProblems.problem(403, "FORBIDDEN", "The caller may not perform this request."));
        } else if (status == 413) {
            problems.respondAndClose(context, bodySizeLimit.tooLarge());
        } else if (status >= 400 && status < 500) {
            problems.respond(context, clientError(status));
        } else {
            LOG.errorf(failure, "Unexpected failure outside the REST layer [request id %s]", RequestIds.current());
            problems.respondAndClose(context, VertxProblems.problem(500, "INTERNAL_ERROR",
                    "An unexpected error occurred."));
        }
    }

    private static Problem clientError(int status) {
        return switch (status) {
            case 404 -> VertxProblems.problem(404, "ROUTE_NOT_FOUND", "No resource exists at this path.");
            case 405 -> VertxProblems.problem(405, "METHOD_NOT_ALLOWED", "This resource does not support the method.");
            case 415 -> VertxProblems.problem(415, "UNSUPPORTED_MEDIA_TYPE",
                    "The request body's content type is not supported here.");
            default -> VertxProblems.problem(status, "BAD_REQUEST", "The request could not be understood.");
        };
    }
}
