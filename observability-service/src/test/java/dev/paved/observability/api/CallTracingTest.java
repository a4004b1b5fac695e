package dev.paved.observability.api;

import static dev.paved.observability.api.ObservabilityClients.SHOP;
import static dev.paved.observability.api.ObservabilityClients.assertProblem;
import static dev.paved.observability.api.ObservabilityClients.blocking;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.tracing.RecordedSpans;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gRPC call to observability-service is traced by one server span, the call's, under the caller's
 * span from its traceparent: no HTTP server span around it.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class CallTracingTest {

    @Inject
    ObservabilitySpans spans;

    @Test
    void aCallIsTracedByOneServerSpanUnderTheCallersSpan() throws InterruptedException {
        String traceId = RecordedSpans.newTraceId();

        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> blocking(SHOP)
                .withInterceptors(RecordedSpans.callsUnderCaller(traceId))
                .getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder().setEnvironment("nowhere").build()));

        // The fake provisioning the call asks is served by this application too; in production it is not.
        spans.assertOneServerSpanUnderTheCaller(traceId, "ObservabilityService/GetEnvironmentStatus",
                "paved.provisioning.");
    }
}
