package dev.paved.observability.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paved.observability.config.ClustersConfig;
import dev.paved.testing.ConfigMappings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Which Kubernetes API each configured cluster is read at, from the configuration keys; no API is called. */
class ClustersTest {

    @TempDir
    Path directory;

    private KubernetesClient ownClient;
    private ClustersConfig config;
    private Clusters clusters;

    @BeforeEach
    void configure() throws IOException {
        Path kubeconfig = Files.writeString(directory.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: east
                  cluster:
                    server: http://east-api.test:6443
                users:
                - name: paved
                  user: {}
                contexts:
                - name: east
                  context:
                    cluster: east
                    user: paved
                current-context: east
                """);
        config = ConfigMappings.of(ClustersConfig.class, Map.of(
                "paved.observability.clusters.local.context", "",
                "paved.observability.clusters.east.context", "east",
                "paved.observability.clusters.east.kubeconfig", kubeconfig.toString(),
                "paved.observability.clusters.north.context", "north",
                "paved.observability.clusters.north.kubeconfig", kubeconfig.toString(),
                "paved.observability.cache-sync-timeout", "10S"));
        ownClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://own-api.test:6443/").build()).build();
        clusters = new Clusters(config, ownClient);
    }

    @AfterEach
    void close() {
        clusters.close();
        ownClient.close();
    }

    @Test
    void theConfigurationNamesEveryClusterAndTheSyncTimeout() {
        assertEquals(Set.of("local", "east", "north"), clusters.names());
        assertEquals(Duration.ofSeconds(10), config.cacheSyncTimeout());
    }

    @Test
    void aClusterWithoutContextIsReadWithTheServicesOwnClient() {
        assertSame(ownClient, clusters.client("local"));
    }

    @Test
    void aClusterWithAContextIsReadAtThatContextsServer() {
        assertEquals("http://east-api.test:6443/", clusters.client("east").getConfiguration().getMasterUrl());
    }

    @Test
    void aContextNoKubeconfigHoldsKeepsTheCacheFromStarting() {
        UnknownCluster refused = assertThrows(UnknownCluster.class, () -> new ClusterCache(clusters).start());

        assertEquals("cluster 'north': no kubeconfig context 'north' in [" + directory.resolve("config") + "]",
                refused.getMessage());
    }
}
