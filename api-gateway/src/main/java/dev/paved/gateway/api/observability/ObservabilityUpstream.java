package dev.paved.gateway.api.observability;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.api.observability.v1.ObservabilityService;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;

/**
 * observability-service as the gateway calls it: on behalf of the caller, who must be one, and who is
 * authorized there with the environment's rule.
 */
@ApplicationScoped
public class ObservabilityUpstream {

    private final ObservabilityService observability;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public ObservabilityUpstream(@GrpcClient("observability") ObservabilityService observability,
            OnBehalfOfCaller onBehalf, Callers callers) {
        this.observability = observability;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    public ObservabilityService forCaller() {
        callers.current();
        return onBehalf.client(observability);
    }
}
