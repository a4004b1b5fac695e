package dev.paved.gateway.api;

import java.net.URL;
import java.util.concurrent.TimeUnit;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** A gRPC client's view of the gateway under test: a plaintext channel and bearer-token headers. */
public final class GatewayGrpc {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private GatewayGrpc() {
    }

    public static ManagedChannel open(URL gateway) {
        return ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort()).usePlaintext().build();
    }

    public static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Sends {@code Authorization: Bearer <token>}; with a null token, no Authorization at all. */
    public static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
