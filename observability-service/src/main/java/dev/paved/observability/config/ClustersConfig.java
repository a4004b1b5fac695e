package dev.paved.observability.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The clusters whose Paved-managed namespaces this service observes, by the names provisioning gives
 * them (an environment names its cluster): the same keys as {@code paved.provisioning.clusters}.
 */
@ConfigMapping(prefix = "paved.observability")
public interface ClustersConfig {

    /** Clusters by name. */
    Map<String, Cluster> clusters();

    /**
     * How long a starting replica may wait for its cache's first lists before it is ready anyway, so
     * that a cluster it cannot reach does not keep it from serving the others (their environments'
     * health is Unknown until it can).
     */
    @WithDefault("30S")
    Duration cacheSyncTimeout();

    interface Cluster {

        /**
         * The kubeconfig context that reaches this cluster: its server and credentials come from the
         * kubeconfig alone. Without one, the service's own Kubernetes client is used
         * ({@code quarkus.kubernetes-client.*}: in-cluster when running in a pod).
         */
        Optional<String> context();

        /**
         * The kubeconfig file holding the context. When absent, the first file of KUBECONFIG (or
         * ~/.kube/config) that holds it. A context no file holds is refused, not replaced by the
         * current one.
         */
        Optional<String> kubeconfig();
    }
}
