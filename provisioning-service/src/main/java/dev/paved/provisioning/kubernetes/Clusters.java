package dev.paved.provisioning.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.paved.common.kubernetes.KubeconfigContexts;
import dev.paved.provisioning.config.ProvisioningConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.StartupEvent;

/**
 * The clusters environments live on, by the names the configuration gives them. A cluster without a
 * kubeconfig context is reached with the service's own client; the others through their context, as
 * their kubeconfig file alone describes it, with the same timeouts and no retries of the client's own
 * (operations retry durably instead).
 */
@ApplicationScoped
public class Clusters {

    private final ProvisioningConfig config;
    private final KubernetesClient ownClient;
    private final Map<String, KubernetesClient> contextClients = new ConcurrentHashMap<>();

    public Clusters(ProvisioningConfig config, KubernetesClient ownClient) {
        this.config = config;
        this.ownClient = ownClient;
    }

    /** A context no kubeconfig holds is a deployment mistake: the service refuses to start with it. */
    void checkAtStart(@Observes StartupEvent start) {
        checkContexts();
    }

    void checkContexts() {
        config.clusters().keySet().forEach(this::client);
    }

    public KubernetesClient client(String cluster) {
        ProvisioningConfig.Cluster settings = config.clusters().get(cluster);
        if (settings == null) {
            throw new UnknownCluster("cluster '" + cluster + "' is not configured");
        }
        if (settings.context().isEmpty()) {
            return ownClient;
        }
        return contextClients.computeIfAbsent(cluster, name -> connect(name, settings));
    }

    private KubernetesClient connect(String cluster, ProvisioningConfig.Cluster settings) {
        Config config = KubeconfigContexts.configFor(settings.context().orElseThrow(), settings.kubeconfig(),
                ownClient.getConfiguration(), why -> new UnknownCluster("cluster '" + cluster + "': " + why));
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @PreDestroy
    void close() {
        contextClients.values().forEach(KubernetesClient::close);
    }
}
