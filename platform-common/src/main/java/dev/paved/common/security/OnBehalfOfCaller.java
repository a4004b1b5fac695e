package dev.paved.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.web.RequestIds;
import io.grpc.Metadata;
import io.quarkus.grpc.GrpcClientUtils;

/**
 * Makes a gRPC client call on behalf of the current caller: their bearer token and the request id
 * travel along, so the called service applies its own rules to the same identity.
 * W3C trace context is propagated by the OpenTelemetry instrumentation of the client.
 */
@ApplicationScoped
public class OnBehalfOfCaller {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private final Callers callers;

    public OnBehalfOfCaller(Callers callers) {
        this.callers = callers;
    }

    public <T> T client(T grpcClient) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + callers.currentToken());
        String requestId = RequestIds.current();
        if (requestId != null) {
            headers.put(RequestIds.GRPC_KEY, requestId);
        }
        return GrpcClientUtils.attachHeaders(grpcClient, headers);
    }
}
