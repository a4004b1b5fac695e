package dev.paved.observability.health.domain;

import java.util.List;

/** The health of one workload, with its reasons, worst first (none when Healthy). */
public record WorkloadHealth(WorkloadRef workload, Health health, List<Reason> reasons) {

    public WorkloadHealth {
        reasons = List.copyOf(reasons);
    }
}
