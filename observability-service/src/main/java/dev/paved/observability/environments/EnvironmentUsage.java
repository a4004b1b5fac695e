package dev.paved.observability.environments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.kubernetes.Clusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * CPU and memory in use, per container, from the cluster's {@code metrics.k8s.io} API (metrics-server
 * or an equivalent), for an environment or one of its workloads. A cluster that does not serve the
 * API answers a clear "not available", never an empty answer that would read as idle.
 */
@ApplicationScoped
public class EnvironmentUsage {

    private final EnvironmentObservations observations;
    private final ProvisioningEnvironments provisioning;
    private final Clusters clusters;

    public EnvironmentUsage(EnvironmentObservations observations, ProvisioningEnvironments provisioning,
            Clusters clusters) {
        this.observations = observations;
        this.provisioning = provisioning;
        this.clusters = clusters;
    }

    public record ContainerUsage(String pod, String container, long cpuMillicores, long memoryBytes) {
    }

    public record Report(List<ContainerUsage> containers, long cpuMillicores, long memoryBytes, Instant observedAt) {
    }

    /** {@code workload} empty: every pod of the environment's namespace. */
    public Report usage(String environment, String workload) {
        boolean wholeNamespace = workload == null || workload.isEmpty();
        // One question to provisioning either way: the environment alone, or with its workloads.
        EnvironmentObservations.Observed withWorkloads = wholeNamespace ? null : observations.observe(environment);
        ObservedEnvironment observed = wholeNamespace ? provisioning.get(environment) : withWorkloads.environment();
        Set<String> pods = wholeNamespace ? null : observations.pods(withWorkloads, workload).stream()
                .map(pod -> pod.pod().name()).collect(Collectors.toSet());
        List<PodMetrics> metrics;
        try {
            metrics = clusters.client(observed.cluster()).top().pods().metrics(observed.namespace()).getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 503) {
                throw new ProblemException(503, "USAGE_NOT_AVAILABLE", "The cluster of environment '" + environment
                        + "' does not serve metrics.k8s.io (metrics-server); usage is not available.");
            }
            throw new ProblemException(503, "CLUSTER_UNAVAILABLE", "The cluster of environment '" + environment
                    + "' could not be read: " + e.getMessage());
        }
        List<ContainerUsage> containers = new ArrayList<>();
        for (PodMetrics pod : metrics) {
            if (pods != null && !pods.contains(pod.getMetadata().getName())) {
                continue;
            }
            for (ContainerMetrics container : pod.getContainers()) {
                containers.add(new ContainerUsage(pod.getMetadata().getName(), container.getName(),
                        millicores(container.getUsage().get("cpu")), bytes(container.getUsage().get("memory"))));
            }
        }
        return new Report(containers, containers.stream().mapToLong(ContainerUsage::cpuMillicores).sum(),
                containers.stream().mapToLong(ContainerUsage::memoryBytes).sum(), Instant.now());
    }

    private static long millicores(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).movePointRight(3).longValue();
    }

    private static long bytes(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).longValue();
    }
}
