package dev.paved.provisioning;

import static dev.paved.provisioning.Problems.assertProblem;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import dev.paved.testing.tracing.RecordedSpans;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gRPC call to provisioning-service is traced by one server span, the call's, under the caller's
 * span from its traceparent: no HTTP server span around it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class CallTracingTest {

    @Inject
    ProvisioningSpans spans;

    @Test
    void aCallIsTracedByOneServerSpanUnderTheCallersSpan() throws InterruptedException {
        String traceId = RecordedSpans.newTraceId();

        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> GrpcClients.environments(Provisioning.ADMIN)
                .withInterceptors(RecordedSpans.callsUnderCaller(traceId))
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName("nowhere").build()));

        // The fake catalog the service may ask is served by this application too; in production it is not.
        spans.assertOneServerSpanUnderTheCaller(traceId, "EnvironmentService/GetEnvironment", "paved.catalog.");
    }
}
