package dev.paved.common.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;

/** Gives every HTTP request (REST, gRPC over HTTP/2, unknown routes) its request id. */
@ApplicationScoped
public class RequestIdFilter {

    static final String CONTEXT_KEY = "paved.requestId";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String requestId = RequestIds.acceptOrCreate(context.request().getHeader(RequestIds.HEADER));
            context.put(CONTEXT_KEY, requestId);
            MDC.put(RequestIds.MDC_KEY, requestId);
            context.response().putHeader(RequestIds.HEADER, requestId);
            context.next();
        }, 1000);
    }
}
