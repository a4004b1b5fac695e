package dev.paved.observability.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.paved.observability.config.ClustersConfig;
import io.fabric8.kubernetes.client.KubernetesClient;

/** One cluster, {@code local}, reached with the given client, as the default configuration has it. */
public final class TestClusters {

    private TestClusters() {
    }

    public static Clusters local(KubernetesClient client) {
        return new Clusters(config(Duration.ofSeconds(30)), client);
    }

    static ClustersConfig config(Duration cacheSyncTimeout) {
        ClustersConfig.Cluster ownClient = new ClustersConfig.Cluster() {
            @Override
            public Optional<String> context() {
                return Optional.empty();
            }

            @Override
            public Optional<String> kubeconfig() {
                return Optional.empty();
            }
        };
        return new ClustersConfig() {
            @Override
            public Map<String, Cluster> clusters() {
                return Map.of("local", ownClient);
            }

            @Override
            public Duration cacheSyncTimeout() {
                return cacheSyncTimeout;
            }
        };
    }
}
