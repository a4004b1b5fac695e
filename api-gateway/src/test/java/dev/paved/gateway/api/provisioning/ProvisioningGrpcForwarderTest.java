package dev.paved.gateway.api.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.EnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationServiceGrpc;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.gateway.api.GatewayGrpc;
import dev.paved.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** paved.provisioning.v1 on the gateway's gRPC endpoint goes on to provisioning-service as the caller. */
@QuarkusTest
class ProvisioningGrpcForwarderTest extends ProvisioningGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();

    @TestHTTPResource("/")
    URL gateway;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = GatewayGrpc.open(gateway);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        GatewayGrpc.close(channel);
    }


    private static io.grpc.ClientInterceptor as(String token) {
        return GatewayGrpc.bearer(token);
    }

    @Test
    void forwardsEnvironmentCallsWithTheCallersToken() {
        Operation operation = EnvironmentServiceGrpc.newBlockingStub(channel).withInterceptors(as(TOKEN))
                .createEnvironment(CreateEnvironmentRequest.newBuilder().setTeam("payments").setApplication("web")
                        .setStage("dev").setIdempotencyKey("k").build());
        assertEquals(FakeProvisioning.OPERATION_ID, operation.getId());
        assertEquals("k", ((CreateEnvironmentRequest) FakeProvisioning.LAST_REQUEST.get()).getIdempotencyKey());
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void passesProblemsThroughUnchanged() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> EnvironmentServiceGrpc.newBlockingStub(channel).withInterceptors(as(TOKEN))
                        .getEnvironment(GetEnvironmentRequest.newBuilder().setName("missing").build()));
        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
        assertEquals("ENVIRONMENT_NOT_FOUND",
                GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null).code());
    }

    /**
     * The stand-in is plain grpc-java, whose transport refuses a request over its 4 MiB default with a bare
     * RESOURCE_EXHAUSTED (Paved's services take 64 MiB and answer a larger one with its problem): the
     * gateway passes that on as the failure of the service behind it, as over REST, not as a rate limit.
     */
    @Test
    void aBareRefusalByTheServicesTransportIsItsFailureNotARateLimit() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> EnvironmentServiceGrpc.newBlockingStub(channel).withInterceptors(as(TOKEN))
                        .createEnvironment(CreateEnvironmentRequest.newBuilder().setTeam("payments")
                                .setApplication("x".repeat(5_000_000)).setStage("dev").build()));

        assertEquals(Status.Code.INTERNAL, failure.getStatus().getCode());
        Problem problem = GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null);
        assertEquals(502, problem.status());
        assertEquals("UPSTREAM_ERROR", problem.code());
    }

    @Test
    void forwardsTheEventStream() {
        List<OperationEvent> events = new ArrayList<>();
        OperationServiceGrpc.newBlockingStub(channel).withInterceptors(as(TOKEN))
                .watchOperation(WatchOperationRequest.newBuilder().setId(FakeProvisioning.OPERATION_ID)
                        .setAfterSequence(1).build())
                .forEachRemaining(events::add);
        assertEquals(List.of(2L, 3L), events.stream().map(OperationEvent::getSequence).toList());
    }

    @Test
    void refusesCallsWithoutAToken() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> EnvironmentServiceGrpc.newBlockingStub(channel)
                        .getEnvironment(GetEnvironmentRequest.newBuilder().setName("web-dev").build()));
        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }
}
