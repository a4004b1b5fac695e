package dev.paved.observability.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.function.Executable;

import dev.paved.api.observability.v1.ObservabilityServiceGrpc;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.testing.TestTokens;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/** gRPC clients of the service under test, over the wire on its test port, with a team member's token. */
final class ObservabilityClients {

    static final String SHOP = TestTokens.user("dev-shop").team("shop").sign();
    static final String SEARCH = TestTokens.user("dev-search").team("search").sign();

    private static ManagedChannel channel;
    private static int channelPort;

    private ObservabilityClients() {
    }

    static ObservabilityServiceGrpc.ObservabilityServiceBlockingStub blocking(String token) {
        return ObservabilityServiceGrpc.newBlockingStub(channel()).withInterceptors(bearer(token));
    }

    static ObservabilityServiceGrpc.ObservabilityServiceStub async(String token) {
        return ObservabilityServiceGrpc.newStub(channel()).withInterceptors(bearer(token));
    }

    static Problem assertProblem(int status, String code, Executable call) {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, call);
        Problem problem = GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null);
        assertEquals(code, problem.code(), problem.toString());
        assertEquals(status, problem.status(), problem.toString());
        return problem;
    }

    private static synchronized ManagedChannel channel() {
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

    private static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
