package dev.paved.provisioning.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.provisioning.config.ProvisioningConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The clusters environments live on, by the names the configuration gives them. A cluster without a
 * kubeconfig context is reached with the service's own client; the others through their context,
 * with the same timeouts and no retries of the client's own (operations retry durably instead).
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

    public KubernetesClient client(String cluster) {
        ProvisioningConfig.Cluster settings = config.clusters().get(cluster);
        if (settings == null) {
            throw new IllegalStateException("cluster '" + cluster + "' is not configured any more");
        }
        if (settings.context().isEmpty()) {
            return ownClient;
        }
        return contextClients.computeIfAbsent(cluster, name -> connect(settings));
    }

    private KubernetesClient connect(ProvisioningConfig.Cluster settings) {
        String context = settings.context().orElseThrow();
        Config clientConfig = settings.kubeconfig()
                .map(file -> Config.fromKubeconfig(context, read(file), file))
                .orElseGet(() -> Config.autoConfigure(context));
        Config own = ownClient.getConfiguration();
        clientConfig.setRequestTimeout(own.getRequestTimeout());
        clientConfig.setConnectionTimeout(own.getConnectionTimeout());
        clientConfig.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    @PreDestroy
    void close() {
        contextClients.values().forEach(KubernetesClient::close);
    }
}
