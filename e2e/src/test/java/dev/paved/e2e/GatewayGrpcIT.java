package dev.paved.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.common.v1.Problem;
import dev.paved.local.TokenSpec;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gateway's gRPC endpoint, on the same port as REST, reached with a client built from the contracts. */
@EndToEndTest
class GatewayGrpcIT {

    private static final Metadata.Key<byte[]> PROBLEM_TRAILER = Metadata.Key.of("paved-problem-bin",
            Metadata.BINARY_BYTE_MARSHALLER);

    @Test
    void healthCheckOverGrpcAnswersServing(PlatformUnderTest platform) {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(platform.grpc())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());

        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }

    @Test
    void platformCallWithoutATokenIsUnauthenticatedWithProblemTrailer(PlatformUnderTest platform)
            throws InvalidProtocolBufferException {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> CatalogServiceGrpc.newBlockingStub(platform.grpc())
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listEntities(ListEntitiesRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
        byte[] trailer = refused.getTrailers() == null ? null : refused.getTrailers().get(PROBLEM_TRAILER);
        assertNotNull(trailer, "the paved-problem-bin trailer");
        Problem problem = Problem.parseFrom(trailer);
        assertEquals(401, problem.getStatus());
        assertEquals("UNAUTHENTICATED", problem.getCode());
    }

    @Test
    void platformCallWithAnExpiredTokenIsUnauthenticated(PlatformUnderTest platform) {
        String expired = platform.token(TokenSpec.user("alice").team("payments").ttl(Duration.ofMinutes(-5)));

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> CatalogServiceGrpc.newBlockingStub(platform.grpc())
                        .withCallCredentials(PlatformUnderTest.bearer(expired))
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listEntities(ListEntitiesRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
    }
}
