package dev.paved.observability.kubernetes;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.kubernetes.KubeconfigContexts;
import dev.paved.observability.config.ClustersConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The clusters this service reads, by the names the configuration gives them. A cluster without a
 * kubeconfig context is reached with the service's own client; the others through their context, as
 * their kubeconfig file alone describes it, with the own client's timeouts.
 */
@ApplicationScoped
public class Clusters {

    private final ClustersConfig config;
    private final KubernetesClient ownClient;
    private final Map<String, KubernetesClient> contextClients = new ConcurrentHashMap<>();

    public Clusters(ClustersConfig config, KubernetesClient ownClient) {
        this.config = config;
        this.ownClient = ownClient;
    }

    public Set<String> names() {
        return config.clusters().keySet();
    }

    /** @throws UnknownCluster when the cluster is not configured or its context is in no kubeconfig */
    public KubernetesClient client(String cluster) {
        ClustersConfig.Cluster settings = config.clusters().get(cluster);
        if (settings == null) {
            throw new UnknownCluster("cluster '" + cluster + "' is not configured");
        }
        if (settings.context().isEmpty()) {
            return ownClient;
        }
        return contextClients.computeIfAbsent(cluster, name -> connect(name, settings));
    }

    private KubernetesClient connect(String cluster, ClustersConfig.Cluster settings) {
        Config config = KubeconfigContexts.configFor(settings.context().orElseThrow(), settings.kubeconfig(),
                ownClient.getConfiguration(), why -> new UnknownCluster("cluster '" + cluster + "': " + why));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @PreDestroy
    void close() {
        contextClients.values().forEach(KubernetesClient::close);
    }
}
