package dev.paved.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.grpc.Metadata;

/**
 * The request id: taken from {@code X-Request-Id} when the caller sent a sane one, made otherwise,
 * echoed on the response, logged (MDC key {@code requestId}), forwarded on gRPC calls, and the
 * {@code instance} of every problem.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final Metadata.Key<String> GRPC_KEY = Metadata.Key.of("x-request-id",
            Metadata.ASCII_STRING_MARSHALLER);

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when it is safe to echo and log, otherwise a new one. */
    public static String acceptOrCreate(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static String fromGrpc(Metadata headers) {
        return acceptOrCreate(headers.get(GRPC_KEY));
    }

    /** The id of the request being served on this thread, or null outside a request. */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }
}
