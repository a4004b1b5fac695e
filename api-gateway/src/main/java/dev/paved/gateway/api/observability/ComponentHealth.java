package dev.paved.gateway.api.observability;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.api.observability.v1.EnvironmentStatus;
import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.observability.v1.ObservabilityService;
import dev.paved.api.observability.v1.WorkloadStatus;
import dev.paved.gateway.api.deployments.DeploymentJson.ComponentDeployments;
import dev.paved.gateway.api.deployments.DeploymentJson.EnvironmentWorkloads;
import dev.paved.gateway.api.deployments.DeploymentJson.WorkloadJson;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.domain.HealthRollUp;
import io.smallrye.mutiny.Uni;

/**
 * A Component's health over the environments it runs in: each environment's status from
 * observability-service, asked all at once, restricted to the Component's workloads. A workload the
 * status does not list has no objects left (Missing); an environment observability-service cannot
 * answer for in time ({@code paved.gateway.component-health-wait}), or refuses, is Unknown rather than
 * failing the whole answer.
 */
@ApplicationScoped
public class ComponentHealth {

    private final ObservabilityUpstream upstream;
    private final Duration wait;

    public ComponentHealth(ObservabilityUpstream upstream, GatewayConfig config) {
        this.upstream = upstream;
        this.wait = config.componentHealthWait();
    }

    /** Taken while the request is the caller's, so that the calls made later carry their token. */
    public Observer forCaller() {
        return new Observer(upstream.forCaller(), wait);
    }

    public record Observer(ObservabilityService observability, Duration patience) {

        public Uni<ComponentDeployments> rolledUp(ComponentDeployments deployments) {
            if (deployments.environments().isEmpty()) {
                return Uni.createFrom().item(deployments);
            }
            List<Uni<EnvironmentWorkloads>> environments = deployments.environments().stream()
                    .map(this::withHealth).toList();
            return Uni.join().all(environments).andFailFast()
                    .map(rated -> ComponentDeployments.withEnvironments(deployments.component(), rated));
        }

        private Uni<EnvironmentWorkloads> withHealth(EnvironmentWorkloads environment) {
            Set<String> names = environment.workloads().stream().map(WorkloadJson::name).collect(Collectors.toSet());
            return observability.getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder()
                    .setEnvironment(environment.environment()).build())
                    .map(status -> environment.withHealth(healthOf(status, names)))
                    .ifNoItem().after(patience).fail()
                    .onFailure().recoverWithItem(environment.withHealth(HealthRollUp.UNKNOWN));
        }

        private static String healthOf(EnvironmentStatus status, Set<String> names) {
            List<String> healths = names.stream().map(name -> status.getWorkloadsList().stream()
                    .filter(workload -> workload.getName().equals(name)).findFirst()
                    .map(WorkloadStatus::getHealth).map(ObservabilityJson::health)
                    .orElse(HealthRollUp.MISSING)).toList();
            return HealthRollUp.worst(healths);
        }
    }
}
