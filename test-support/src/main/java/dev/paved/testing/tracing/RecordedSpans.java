package dev.paved.testing.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans a service ended during its tests, for checks of how its calls are traced. Not a bean by
 * itself: a service's tests declare an application-scoped subclass, which OpenTelemetry then calls
 * for every span.
 */
public class RecordedSpans implements SpanProcessor {

    /** The span id the traceparent of {@link #traceparentUnderCaller} names as the caller's. */
    public static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private final Queue<SpanData> ended = new ConcurrentLinkedQueue<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** A new random trace id, for a traceparent of a call under test. */
    public static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** A sampled W3C traceparent of the given trace, as a caller's span {@link #CALLER_SPAN_ID} would send it. */
    private static String traceparentUnderCaller(String traceId) {
        return "00-" + traceId + "-" + CALLER_SPAN_ID + "-01";
    }

    /** For a gRPC stub: sends {@link #traceparentUnderCaller} with each call, as a traced caller would. */
    public static ClientInterceptor callsUnderCaller(String traceId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparentUnderCaller(traceId));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    public List<SpanData> ofTrace(String traceId) {
        return ended.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /**
     * The server spans of a trace, once the first has ended (up to 5 s) and any other of the same
     * call has had half a second more to end.
     */
    public List<SpanData> serverSpansOf(String traceId) throws InterruptedException {
        for (int wait = 0; wait < 50 && servers(traceId).isEmpty(); wait++) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        return servers(traceId);
    }

    /**
     * Checks that the service traced the call of the trace by exactly one server span, under the
     * caller's span {@link #CALLER_SPAN_ID}, named for the given method (e.g. {@code
     * CatalogService/GetEntity}). Spans of stand-ins the test application also serves are left out by
     * the prefixes of their names (e.g. {@code paved.catalog.}).
     */
    public void assertOneServerSpanUnderTheCaller(String traceId, String method, String... standInPrefixes)
            throws InterruptedException {
        List<SpanData> servers = serverSpansOf(traceId).stream()
                .filter(span -> Arrays.stream(standInPrefixes).noneMatch(span.getName()::startsWith)).toList();
        assertEquals(1, servers.size(), "server spans: " + servers);
        SpanData call = servers.get(0);
        assertEquals(CALLER_SPAN_ID, call.getParentSpanId(), "the call's parent span");
        assertTrue(call.getName().endsWith(method), call.getName());
    }

    private List<SpanData> servers(String traceId) {
        return ofTrace(traceId).stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
    }
}
