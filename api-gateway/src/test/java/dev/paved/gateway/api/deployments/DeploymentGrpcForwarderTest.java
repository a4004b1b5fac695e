package dev.paved.gateway.api.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.GoldenPath;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.ListGoldenPathsRequest;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.GatewayGrpc;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import dev.paved.gateway.api.provisioning.ProvisioningGatewayTest;
import dev.paved.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** DeploymentService and GoldenPathService on the gateway's gRPC endpoint go on to provisioning-service as the caller. */
@QuarkusTest
class DeploymentGrpcForwarderTest extends ProvisioningGatewayTest {

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

    @Test
    void forwardsDeploymentsWithTheCallersToken() {
        DeployResponse answer = DeploymentServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(TOKEN))
                .deploy(DeployRequest.newBuilder().setEnvironment("web-dev").setScoreYaml("apiVersion: score.dev/v1b1")
                        .setIdempotencyKey("k").setWaitForRollout(true).build());
        assertEquals(FakeProvisioning.OPERATION_ID, answer.getOperation().getId());
        assertEquals(4, answer.getRevision().getNumber());
        DeployRequest forwarded = (DeployRequest) FakeProvisioning.LAST_REQUEST.get();
        assertEquals("k", forwarded.getIdempotencyKey());
        assertEquals(true, forwarded.getWaitForRollout());
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void passesProblemsThroughWithTheirPointersAndCodes() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> DeploymentServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(TOKEN))
                        .deploy(DeployRequest.newBuilder().setEnvironment("web-dev")
                                .setSpecJson("{\"image\":\"" + FakeDeployments.DENIED_IMAGE + "\"}").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        Problem problem = GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null);
        assertEquals("GUARDRAILS_DENIED", problem.code());
        assertEquals(Violation.at("/image", "must not use the tag latest").withCode("no-latest-tag"),
                problem.errors().get(0));

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> DeploymentServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(TOKEN))
                        .getWorkload(GetWorkloadRequest.newBuilder().setEnvironment("web-dev")
                                .setWorkload(FakeDeployments.MISSING).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    @Test
    void forwardsATeamsDeploymentHistory() {
        ListDeploymentHistoryResponse history = DeploymentServiceGrpc.newBlockingStub(channel)
                .withInterceptors(GatewayGrpc.bearer(TOKEN)).listDeploymentHistory(ListDeploymentHistoryRequest
                        .newBuilder().setTeam("payments").addStages("prod").build());
        assertEquals(4, history.getDeployments(0).getRevision());
        assertEquals("payments", ((ListDeploymentHistoryRequest) FakeProvisioning.LAST_REQUEST.get()).getTeam());
        assertEquals("Bearer " + TOKEN, FakeProvisioning.LAST_AUTHORIZATION.get());
    }

    @Test
    void forwardsGoldenPathsAndTheirRefusals() {
        List<GoldenPath> paths = GoldenPathServiceGrpc.newBlockingStub(channel)
                .withInterceptors(GatewayGrpc.bearer(TOKEN))
                .listGoldenPaths(ListGoldenPathsRequest.getDefaultInstance()).getGoldenPathsList();
        assertEquals("web-service", paths.get(0).getName());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> GoldenPathServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(TOKEN))
                        .registerGoldenPathVersion(RegisterGoldenPathVersionRequest.newBuilder().setName("web-service")
                                .setVersion("2.0.0").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertEquals("ADMIN_REQUIRED",
                GrpcProblems.fromStatus(refused.getStatus(), refused.getTrailers(), null).code());
    }

    @Test
    void refusesCallsWithoutAToken() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> DeploymentServiceGrpc.newBlockingStub(channel)
                        .getWorkload(GetWorkloadRequest.newBuilder().setEnvironment("web-dev").setWorkload("x").build()));
        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
        assertNull(FakeProvisioning.LAST_REQUEST.get());
    }
}
