package dev.paved.catalog.api;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.testing.tracing.RecordedSpans;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gRPC call to the catalog is traced by one server span, the call's, under the caller's span from
 * its traceparent: no HTTP server span around it.
 */
@QuarkusTest
class CallTracingTest extends CatalogGrpcTest {

    @Inject
    CatalogSpans spans;

    @Test
    void aCallIsTracedByOneServerSpanUnderTheCallersSpan() throws InterruptedException {
        String traceId = RecordedSpans.newTraceId();

        admin().withInterceptors(RecordedSpans.callsUnderCaller(traceId)).getEntity(GetEntityRequest.newBuilder()
                .setKind("Component").setNamespace("default").setName("seed-service").build());

        spans.assertOneServerSpanUnderTheCaller(traceId, "CatalogService/GetEntity");
    }
}
