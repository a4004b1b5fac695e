package dev.paved.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** gRPC calls to the platform's services through the gateway need a valid token, as REST calls do. */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class GrpcGateTest {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
            Metadata.ASCII_STRING_MARSHALLER);

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
    void passesAuthenticatedCallsWithTheCaller() {
        assertEquals("erin", whoAmI("Bearer " + TestTokens.user("erin").team("payments").sign()));
    }

    @Test
    void rejectsCallWithoutToken() {
        assertUnauthenticated(assertThrows(StatusRuntimeException.class, () -> whoAmI(null)));
    }

    @Test
    void describesThePlatformServicesByServerReflectionAsGrpcurlAsks() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        answer.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> services = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        requests.onCompleted();
        assertTrue(services.containsAll(List.of("paved.catalog.v1.CatalogService",
                "paved.provisioning.v1.EnvironmentService", "paved.provisioning.v1.OperationService")),
                services.toString());
    }

    @Test
    void makesTheRequestIdTheProblemsInstance() {
        Metadata headers = new Metadata();
        headers.put(REQUEST_ID, "grpc-call-7");
        var call = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(ProbeGrpcService.WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(call, "who"));
        assertEquals("grpc-call-7", failure.getTrailers().get(GrpcProblems.PROBLEM_TRAILER).getInstance());
        assertEquals("grpc-call-7", failure.getTrailers().get(REQUEST_ID));
    }

    @Test
    void rejectsCallWithGarbageToken() {
        assertUnauthenticated(assertThrows(StatusRuntimeException.class, () -> whoAmI("Bearer garbage")));
    }

    @Test
    void rejectsCallWithUnsignedToken() {
        assertUnauthenticated(assertThrows(StatusRuntimeException.class,
                () -> whoAmI("Bearer " + TestTokens.unsigned("mallory"))));
    }

    @Test
    void rejectsCallWithTokenOfAnotherIssuer() {
        assertUnauthenticated(assertThrows(StatusRuntimeException.class,
                () -> whoAmI("Bearer " + TestTokens.user("mallory").otherIssuer().sign())));
    }

    @Test
    void rejectsCallWithExpiredToken() {
        assertUnauthenticated(assertThrows(StatusRuntimeException.class,
                () -> whoAmI("Bearer " + TestTokens.user("erin").expired().sign())));
    }

    @Test
    void takesMessagesOverGrpcsDefaultLimitAndRefusesThoseOverItsOwnWithThePayloadTooLargeProblem() {
        String bearer = "Bearer " + TestTokens.user("erin").team("payments").sign();
        assertEquals("erin", whoAmI(bearer, "x".repeat(12_000_000)));

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> whoAmI(bearer, "x".repeat(64 * 1024 * 1024 + 1)));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused::toString);
        var problem = refused.getTrailers().get(GrpcProblems.PROBLEM_TRAILER);
        assertEquals(413, problem.getStatus());
        assertEquals("PAYLOAD_TOO_LARGE", problem.getCode());
    }

    /** A compressed message could inflate without bound before its size is known: none is taken. */
    @Test
    void refusesCompressedRequestMessagesWithTheUnsupportedEncodingProblem() {
        String bearer = "Bearer " + TestTokens.user("erin").team("payments").sign();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> whoAmI(bearer, "who", CallOptions.DEFAULT.withCompression("gzip")));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused::toString);
        var problem = refused.getTrailers().get(GrpcProblems.PROBLEM_TRAILER);
        assertEquals(415, problem.getStatus());
        assertEquals("UNSUPPORTED_ENCODING", problem.getCode());
        assertEquals("erin", whoAmI(bearer), "the same call uncompressed is taken");
    }

    private String whoAmI(String authorization) {
        return whoAmI(authorization, "who");
    }

    private String whoAmI(String authorization, String request) {
        return whoAmI(authorization, request, CallOptions.DEFAULT);
    }

    private String whoAmI(String authorization, String request, CallOptions options) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(AUTHORIZATION, authorization);
        }
        var call = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(ProbeGrpcService.WHO_AM_I, options.withDeadlineAfter(10, TimeUnit.SECONDS));
        return ClientCalls.blockingUnaryCall(call, request);
    }

    static void assertUnauthenticated(StatusRuntimeException failure) {
        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode(), failure::toString);
        var problem = failure.getTrailers().get(GrpcProblems.PROBLEM_TRAILER);
        assertEquals(401, problem.getStatus());
        assertEquals("UNAUTHENTICATED", problem.getCode());
    }
}
