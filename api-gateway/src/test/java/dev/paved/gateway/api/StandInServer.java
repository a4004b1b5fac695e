package dev.paved.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;

/**
 * A stand-in backend over real gRPC on the port the gateway under test was told, recording each
 * call's Authorization header and the grpc-encoding of its messages. Each start of the gateway
 * (another test profile) reserves a new port, so the stand-in moves to it.
 */
public final class StandInServer {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
            Metadata.ASCII_STRING_MARSHALLER);

    private final AtomicReference<String> lastAuthorization;
    private final AtomicReference<String> lastEncoding = new AtomicReference<>();
    private Server server;

    public StandInServer(AtomicReference<String> lastAuthorization) {
        this.lastAuthorization = lastAuthorization;
    }

    /** The grpc-encoding the last call's messages came in, or null for none. */
    public String lastEncoding() {
        return lastEncoding.get();
    }

    public synchronized void serveOn(int port, ServerServiceDefinition... services) {
        if (server != null && server.getPort() == port) {
            return;
        }
        if (server != null) {
            server.shutdownNow();
        }
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                lastAuthorization.set(headers.get(AUTHORIZATION));
                lastEncoding.set(headers.get(ENCODING));
                return next.startCall(call, headers);
            }
        };
        ServerBuilder<?> builder = ServerBuilder.forPort(port);
        for (ServerServiceDefinition service : services) {
            builder.addService(ServerInterceptors.intercept(service, recorder));
        }
        try {
            Server started = builder.build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow));
            server = started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
