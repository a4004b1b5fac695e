package dev.paved.catalog.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.web.RequestIds;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.vertx.core.Context;

/**
 * Where each part of a response (headers, message, trailers) was handed to gRPC, by the request id
 * the test sent: the thread's name, and whether it was an event loop.
 */
@GlobalInterceptor
@ApplicationScoped
public class ResponseThreads implements ServerInterceptor {

    /** One part of a response and the thread that sent it. */
    public record Sent(String part, String thread, boolean eventLoop) {
    }

    private final Map<String, List<Sent>> byRequest = new ConcurrentHashMap<>();

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        String requestId = headers.get(RequestIds.GRPC_KEY);
        if (requestId == null) {
            return next.startCall(call, headers);
        }
        List<Sent> sent = byRequest.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>());
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                record(sent, "headers");
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void sendMessage(RespT message) {
                record(sent, "message");
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                record(sent, "trailers");
                super.close(status, trailers);
            }
        }, headers);
    }

    private static void record(List<Sent> sent, String part) {
        sent.add(new Sent(part, Thread.currentThread().getName(), Context.isOnEventLoopThread()));
    }

    public List<Sent> of(String requestId) {
        return byRequest.getOrDefault(requestId, List.of());
    }
}
