package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.GetEntityRequest;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A gRPC call to the catalog is traced by one server span, the call's, under the caller's span from
 * its traceparent: no HTTP server span around it.
 */
@QuarkusTest
class CallTracingTest extends CatalogGrpcTest {

    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Inject
    RecordedSpans spans;

    @Test
    void aCallIsTracedByOneServerSpanUnderTheCallersSpan() throws InterruptedException {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN);
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
                "00-" + traceId + "-" + CALLER_SPAN + "-01");

        CatalogServiceGrpc.newBlockingStub(channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .getEntity(GetEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                        .setName("seed-service").build());

        List<SpanData> servers = serverSpans(traceId);
        for (int wait = 0; wait < 50 && servers.isEmpty(); wait++) {
            Thread.sleep(100);
            servers = serverSpans(traceId);
        }
        // Any other server span of the call would have ended by now.
        Thread.sleep(500);
        servers = serverSpans(traceId);
        assertEquals(1, servers.size(), "server spans: " + servers);
        SpanData call = servers.get(0);
        assertEquals(CALLER_SPAN, call.getParentSpanId());
        assertTrue(call.getName().endsWith("CatalogService/GetEntity"), call.getName());
    }

    private List<SpanData> serverSpans(String traceId) {
        return spans.ofTrace(traceId).stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
    }
}
