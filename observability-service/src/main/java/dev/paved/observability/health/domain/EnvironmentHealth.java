package dev.paved.observability.health.domain;

import java.util.List;

/**
 * The health of an environment: the worst of its workloads' (Healthy when it has none), and each
 * workload's own, in the order of {@link NamespaceObjects#workloads()} with the missing ones last.
 */
public record EnvironmentHealth(Health health, List<WorkloadHealth> workloads) {

    public EnvironmentHealth {
        workloads = List.copyOf(workloads);
    }

    static EnvironmentHealth of(List<WorkloadHealth> workloads) {
        Health worst = Health.HEALTHY;
        for (WorkloadHealth workload : workloads) {
            worst = Health.worst(worst, workload.health());
        }
        return new EnvironmentHealth(worst, workloads);
    }
}
