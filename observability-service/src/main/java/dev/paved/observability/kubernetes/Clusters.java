package dev.paved.observability.kubernetes;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

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
        String context = settings.context().orElseThrow();
        List<File> kubeconfigs = settings.kubeconfig().map(file -> List.of(new File(file)))
                .orElseGet(() -> Config.getKubeconfigFilenames().stream().map(File::new).filter(File::isFile).toList());
        // Only the kubeconfig says where a context leads: fabric8's system properties and environment
        // variables (kubernetes.master, ...) configure the service's own client and would override it.
        // A missing context is refused, where fabric8 would fall back to the current one: another cluster.
        Config clientConfig = kubeconfigs.stream()
                .map(kubeconfig -> Config.fromKubeconfig(context, kubeconfig))
                .filter(loaded -> loaded.getCurrentContext() != null
                        && context.equals(loaded.getCurrentContext().getName()))
                .findFirst()
                .orElseThrow(() -> new UnknownCluster("cluster '" + cluster + "': no kubeconfig context '"
                        + context + "' in " + kubeconfigs));
        Config own = ownClient.getConfiguration();
        clientConfig.setRequestTimeout(own.getRequestTimeout());
        clientConfig.setConnectionTimeout(own.getConnectionTimeout());
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    @PreDestroy
    void close() {
        contextClients.values().forEach(KubernetesClient::close);
    }
}
