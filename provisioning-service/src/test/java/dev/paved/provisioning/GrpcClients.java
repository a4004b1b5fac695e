package dev.paved.provisioning;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.EnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import dev.paved.api.provisioning.v1.OperationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** gRPC clients of the service under test, over the wire on its random test port, with a bearer token. */
public final class GrpcClients {

    private static ManagedChannel channel;
    private static int channelPort;

    private GrpcClients() {
    }

    private static synchronized ManagedChannel channel() {
        // Each Quarkus start (another test profile) listens on a new random port.
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        if (channel == null || channelPort != port) {
            if (channel != null) {
                channel.shutdownNow();
            }
            channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
            channelPort = port;
        }
        return channel;
    }

    public static EnvironmentServiceGrpc.EnvironmentServiceBlockingStub environments(String token) {
        return EnvironmentServiceGrpc.newBlockingStub(channel()).withInterceptors(bearer(token));
    }

    public static OperationServiceGrpc.OperationServiceBlockingStub operations(String token) {
        return OperationServiceGrpc.newBlockingStub(channel()).withInterceptors(bearer(token));
    }

    public static DeploymentServiceGrpc.DeploymentServiceBlockingStub deployments(String token) {
        return DeploymentServiceGrpc.newBlockingStub(channel()).withInterceptors(bearer(token));
    }

    public static GoldenPathServiceGrpc.GoldenPathServiceBlockingStub goldenPaths(String token) {
        return GoldenPathServiceGrpc.newBlockingStub(channel()).withInterceptors(bearer(token));
    }

    private static io.grpc.ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
