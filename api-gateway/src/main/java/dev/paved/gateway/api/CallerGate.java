package dev.paved.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.domain.RateLimiter;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The gate every API request passes, REST and gRPC alike: it settles who is calling (verifying the
 * bearer token once), spends one request of that caller's rate limit, and turns away gRPC calls to
 * the platform's services that carry no valid token. REST resources then see the settled identity
 * and answer 401 themselves (problem+json) where a token is required.
 */
@ApplicationScoped
public class CallerGate {

    /** After authentication (200) and authorization (100) are set up, before bodies are read. */
    static final int PRIORITY = 50;

    private static final String GRPC_PLATFORM_SERVICES = "/paved.";

    private final VertxProblems problems;
    private final RateLimiter limiter;

    public CallerGate(VertxProblems problems, GatewayConfig config) {
        this.problems = problems;
        GatewayConfig.RateLimit rateLimit = config.rateLimit();
        this.limiter = rateLimit.enabled()
                ? new RateLimiter(rateLimit.burst(), rateLimit.requestsPerSecond(), System::nanoTime)
                : null;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
    }

    private void admit(RoutingContext context) {
        String path = context.normalizedPath();
        // Probes, metrics, the OpenAPI document and gRPC health/reflection stay reachable whatever a caller did.
        if (path.startsWith("/q/") || path.startsWith("/grpc.")) {
            context.next();
            return;
        }
        Context requestContext = Vertx.currentContext();
        // Settling the identity here must not end the response on a bad token: the REST resources
        // and gRPC services answer that failure in their own format.
        Object authFailureHandler = context.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        QuarkusHttpUser.getSecurityIdentity(context, null).subscribe().with(
                identity -> onRequestContext(requestContext, () -> decide(context, identity, authFailureHandler)),
                failure -> onRequestContext(requestContext, () -> decide(context, null, authFailureHandler)));
    }

    private void decide(RoutingContext context, SecurityIdentity identity, Object authFailureHandler) {
        if (authFailureHandler != null) {
            context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, authFailureHandler);
        }
        if (context.response().ended()) {
            return;
        }
        boolean grpc = GrpcProblems.isGrpc(context.request());
        String subject = subjectOf(identity);
        if (limiter != null) {
            RateLimiter.Decision decision = limiter.tryAcquire(subject != null ? "subject:" + subject
                    : "address:" + addressOf(context));
            if (!decision.allowed()) {
                var problem = VertxProblems.problem(429, "RATE_LIMITED",
                        "Too many requests; retry after " + decision.retryAfterSeconds() + " s.");
                if (grpc) {
                    GrpcProblems.respondTrailersOnly(context.response(), problem);
                } else {
                    context.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                    problems.respond(context, problem);
                }
                return;
            }
        }
        if (grpc && subject == null && context.normalizedPath().startsWith(GRPC_PLATFORM_SERVICES)) {
            GrpcProblems.respondTrailersOnly(context.response(), VertxProblems.problem(401, "UNAUTHENTICATED",
                    "A valid bearer token is required."));
            return;
        }
        context.next();
    }

    /** The verified token's subject, or null for anonymous callers and tokens that failed verification. */
    private static String subjectOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject()
                : identity.getPrincipal().getName();
    }

    private static String addressOf(RoutingContext context) {
        SocketAddress address = context.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    private static void onRequestContext(Context requestContext, Runnable step) {
        if (requestContext == null || Vertx.currentContext() == requestContext) {
            step.run();
        } else {
            requestContext.runOnContext(ignored -> step.run());
        }
    }
}
