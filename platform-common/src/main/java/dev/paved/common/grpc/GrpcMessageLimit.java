package dev.paved.common.grpc;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.web.RequestIds;
import io.grpc.Status;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives the gRPC transport's refusal of a request message over the limit its problem. The limit is
 * {@code quarkus.grpc.server.max-inbound-message-size}, which every service takes from
 * {@code paved.grpc.max-message-size}. The transport (Vert.x's gRPC server) ends such a call with a
 * bare RESOURCE_EXHAUSTED before any service or interceptor sees it, which a client would read as a
 * rate limit to wait out; this adds 413 {@code PAYLOAD_TOO_LARGE}, the problem of the gateway's REST
 * body limit, to that answer as its headers are written. Every other RESOURCE_EXHAUSTED a Paved
 * service answers carries its problem already.
 * <p>
 * The limit counts a message as it arrives. A compressed one is inflated whole by the transport
 * before anything can count it (Vert.x's gzip decoder, and grpc-java's behind its bridge, have no
 * bound), so a few megabytes of gzip could become gigabytes in a service's heap: a request that
 * declares a {@code grpc-encoding} other than identity is refused before any message is read, with
 * INVALID_ARGUMENT and the problem 415 {@code UNSUPPORTED_ENCODING}.
 */
@ApplicationScoped
public class GrpcMessageLimit {

    /** After the request id filter (1000), so that the problem names the request. */
    private static final int PRIORITY = 900;
    private static final String RESOURCE_EXHAUSTED = Integer.toString(Status.Code.RESOURCE_EXHAUSTED.value());
    private static final String GRPC_ENCODING = "grpc-encoding";
    private static final String GRPC_ACCEPT_ENCODING = "grpc-accept-encoding";
    private static final String IDENTITY = "identity";
    private static final String UNSUPPORTED_ENCODING = "UNSUPPORTED_ENCODING";

    private final int limit;

    public GrpcMessageLimit(@ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size") int limit) {
        this.limit = limit;
    }

    void register(@Observes Filters filters) {
        filters.register(this::watch, PRIORITY);
    }

    private void watch(RoutingContext context) {
        if (GrpcProblems.isGrpc(context.request())) {
            String requestId = RequestIds.current();
            String encoding = context.request().getHeader(GRPC_ENCODING);
            if (encoding != null && !IDENTITY.equals(encoding)) {
                refuseCompressed(context.response(), encoding, requestId);
                return;
            }
            context.addHeadersEndHandler(ignored -> explainRefusal(context.response().headers(), requestId));
        }
        context.next();
    }

    /** The request is not read. */
    private static void refuseCompressed(HttpServerResponse response, String encoding, String requestId) {
        response.putHeader(GRPC_ACCEPT_ENCODING, IDENTITY);
        GrpcProblems.respondTrailersOnly(response, Problem.of(415, UNSUPPORTED_ENCODING, "Request messages are "
                + "taken uncompressed only (grpc-encoding " + encoding + " was given): a compressed message's size "
                + "is known only once it is inflated.", requestId, List.of()));
    }

    /** Adds the problem to a trailers-only RESOURCE_EXHAUSTED that has none. */
    void explainRefusal(MultiMap headers, String requestId) {
        if (RESOURCE_EXHAUSTED.equals(headers.get("grpc-status"))
                && !headers.contains(GrpcProblems.PROBLEM_TRAILER.name())) {
            GrpcProblems.headersOf(Problem.of(413, Problem.PAYLOAD_TOO_LARGE, "The request message is larger than "
                    + "the limit of " + limit + " bytes.", requestId, List.of())).forEach(headers::set);
        }
    }
}
