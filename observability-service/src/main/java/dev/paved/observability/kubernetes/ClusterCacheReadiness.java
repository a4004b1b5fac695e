package dev.paved.observability.kubernetes;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.paved.observability.config.ClustersConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Ready once the cluster cache has listed every managed namespace of every cluster (before that, a
 * replica would answer Unknown for environments that another replica sees), or once
 * {@code paved.observability.cache-sync-timeout} has passed since it started: a cluster that cannot be
 * reached must not keep the service from answering for the others.
 */
@Readiness
@ApplicationScoped
public class ClusterCacheReadiness implements HealthCheck {

    private final ClusterCache cache;
    private final Clusters clusters;
    private final Duration syncTimeout;
    private volatile Instant started = Instant.now();

    public ClusterCacheReadiness(ClusterCache cache, Clusters clusters, ClustersConfig config) {
        this.cache = cache;
        this.clusters = clusters;
        this.syncTimeout = config.cacheSyncTimeout();
    }

    void recordStart(@Observes StartupEvent start) {
        started = Instant.now();
    }

    @Override
    public HealthCheckResponse call() {
        boolean synced = cache.hasSynced();
        boolean waitedEnough = !Instant.now().isBefore(started.plus(syncTimeout));
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster-cache").status(synced || waitedEnough)
                .withData("synced", synced);
        if (synced || waitedEnough) {
            for (String cluster : clusters.names()) {
                response.withData(cluster + ".namespaces", cache.managedNamespaces(cluster).size());
            }
        }
        return response.build();
    }
}
