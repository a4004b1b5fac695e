package dev.paved.observability.environments;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.observability.metrics.domain.QueryResult;
import dev.paved.observability.metrics.domain.TeamMetrics;

/** PromQL answered for one environment, every selector limited to its namespace. */
@ApplicationScoped
public class EnvironmentMetrics {

    private final ProvisioningEnvironments provisioning;
    private final TeamMetrics metrics;

    public EnvironmentMetrics(ProvisioningEnvironments provisioning, TeamMetrics metrics) {
        this.provisioning = provisioning;
        this.metrics = metrics;
    }

    public QueryResult query(String environment, String promql, String time) {
        return metrics.query(promql, time, Set.of(provisioning.get(environment).namespace()));
    }

    public QueryResult queryRange(String environment, String promql, String start, String end, String step) {
        return metrics.queryRange(promql, start, end, step, Set.of(provisioning.get(environment).namespace()));
    }
}
