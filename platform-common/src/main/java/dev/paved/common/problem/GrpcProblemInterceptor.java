package dev.paved.common.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

import org.jboss.logging.Logger;

import dev.paved.common.web.RequestIds;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Turns every failed gRPC call into a status with a problem trailer: a {@link ProblemException}
 * keeps its code and detail; anything unexpected becomes INTERNAL without internals in the text. A
 * call whose one request message is missing or cannot be parsed (a string that is not UTF-8, say)
 * is the caller's mistake and answers INVALID_ARGUMENT: the transport drops such a message without
 * a word, and the service would only see the call end without a request.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcProblemInterceptor implements ServerInterceptor, Prioritized {

    private static final Logger LOG = Logger.getLogger(GrpcProblemInterceptor.class);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        // The HTTP filter already settled the id for this HTTP/2 request; outside it, read the metadata.
        String current = RequestIds.current();
        String requestId = current != null ? current : RequestIds.fromGrpc(headers);
        ProblemCall<ReqT, RespT> problemCall = new ProblemCall<>(call, requestId);
        ServerCall.Listener<ReqT> listener = next.startCall(problemCall, headers);
        if (!call.getMethodDescriptor().getType().clientSendsOneMessage()) {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            private boolean received;

            @Override
            public void onMessage(ReqT message) {
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (received || problemCall.closed) {
                    super.onHalfClose();
                    return;
                }
                problemCall.close(Problem.of(400, "MALFORMED_REQUEST", "The request message is missing or is not a "
                        + "valid " + call.getMethodDescriptor().getServiceName() + " request; its strings must be "
                        + "UTF-8.", requestId, List.of()));
            }
        };
    }

    /** A call that closes every failure with a status and its problem trailer. */
    private static final class ProblemCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private final String requestId;
        private volatile boolean closed;

        ProblemCall(ServerCall<ReqT, RespT> call, String requestId) {
            super(call);
            this.requestId = requestId;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = true;
            if (status.isOk() || trailers.containsKey(GrpcProblems.PROBLEM_TRAILER)) {
                super.close(status, trailers);
                return;
            }
            close(problemOf(status, requestId, getMethodDescriptor().getFullMethodName()), trailers);
        }

        void close(Problem problem) {
            closed = true;
            close(problem, new Metadata());
        }

        private void close(Problem problem, Metadata trailers) {
            Problem fitted = GrpcProblems.fitted(problem);
            trailers.put(GrpcProblems.PROBLEM_TRAILER, GrpcProblems.toProto(fitted));
            super.close(GrpcProblems.statusOf(fitted), trailers);
        }
    }

    private static Problem problemOf(Status status, String requestId, String method) {
        ProblemException thrown = problemIn(status.getCause());
        if (thrown != null) {
            return thrown.toProblem(requestId);
        }
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> Problem.of(401, "UNAUTHENTICATED",
                    "A valid bearer token is required.", requestId, List.of());
            case PERMISSION_DENIED -> Problem.of(403, "FORBIDDEN",
                    "The caller may not perform this call.", requestId, List.of());
            case CANCELLED, DEADLINE_EXCEEDED -> Problem.of(504, "DEADLINE_EXCEEDED",
                    "The call was cancelled or ran out of time.", requestId, List.of());
            case RESOURCE_EXHAUSTED -> {
                // No Paved service answers a bare one (GrpcProblems.httpStatusOf): a peer's transport
                // refused a message, and the call passes that on. Read as a REST answer reads it.
                LOG.warnf("gRPC call %s failed [request id %s]: %s", method, requestId, status.getDescription());
                yield GrpcProblems.fromStatus(status, null, requestId);
            }
            default -> {
                LOG.errorf(status.getCause(), "gRPC call %s failed [request id %s]: %s", method, requestId,
                        status.getDescription());
                yield Problem.of(500, "INTERNAL_ERROR", "An unexpected error occurred.", requestId, List.of());
            }
        };
    }

    /** The ProblemException a failure was, or was caused by (Mutiny and gRPC wrap it), or null. */
    private static ProblemException problemIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    @Override
    public int getPriority() {
        // Outermost after security, so it sees the status every other interceptor settled on.
        return Integer.MAX_VALUE - 50;
    }
}
