package dev.paved.gateway.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.gateway.config.GatewayConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Gives every unary call from the gateway to a backend its own deadline, counted from the start of
 * that call. ({@code quarkus.grpc.clients.*.deadline} fixes one deadline when the client is created,
 * after which every call would fail.) Streams such as log follows or operation events run until the
 * caller cancels them; a deadline set on the call itself wins.
 */
@GlobalInterceptor
@ApplicationScoped
public class UpstreamDeadlines implements ClientInterceptor {

    private final GatewayConfig.Upstream config;
    /** Each backend service's deadline, worked out once rather than on every call. */
    private final Map<String, Duration> byService = new ConcurrentHashMap<>();

    public UpstreamDeadlines(GatewayConfig config) {
        this.config = config.upstream();
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions callOptions, Channel next) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY || callOptions.getDeadline() != null) {
            return next.newCall(method, callOptions);
        }
        Duration deadline = byService.computeIfAbsent(Objects.toString(method.getServiceName(), ""),
                this::deadlineOf);
        return next.newCall(method, callOptions.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** {@code paved.catalog.v1.CatalogService} is served by the backend configured as {@code catalog}. */
    Duration deadlineOf(String serviceName) {
        String[] parts = serviceName == null ? new String[0] : serviceName.split("\\.");
        if (parts.length > 2 && parts[0].equals("paved")) {
            Duration perBackend = config.deadlines().get(parts[1]);
            if (perBackend != null) {
                return perBackend;
            }
        }
        return config.deadline();
    }
}
