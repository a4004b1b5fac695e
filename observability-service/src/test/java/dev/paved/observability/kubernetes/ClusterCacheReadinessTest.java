package dev.paved.observability.kubernetes;

import static dev.paved.observability.kubernetes.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

@EnableKubernetesMockClient(crud = true)
class ClusterCacheReadinessTest {

    KubernetesClient client;

    private ClusterCache cache;
    private KubernetesClient unreachable;

    @AfterEach
    void stop() {
        cache.stop();
        if (unreachable != null) {
            unreachable.close();
        }
    }

    @Test
    void isReadyOnceEveryManagedNamespaceIsListedAndSaysHowMany() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-dev")
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
        ClusterCacheReadiness readiness = startWith(client, Duration.ofHours(1));

        eventually("ready", () -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);

        assertEquals(Map.of("synced", true, "local.namespaces", 1L), readiness.call().getData().orElseThrow());
    }

    @Test
    void aClusterThatCannotBeReachedKeepsAStartingReplicaUnreadyForTheSyncTimeoutOnly() {
        unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();

        ClusterCacheReadiness waiting = startWith(unreachable, Duration.ofHours(1));
        assertEquals(HealthCheckResponse.Status.DOWN, waiting.call().getStatus());
        assertEquals(Map.of("synced", false), waiting.call().getData().orElseThrow());
        cache.stop();

        ClusterCacheReadiness waitedEnough = startWith(unreachable, Duration.ZERO);
        assertEquals(HealthCheckResponse.Status.UP, waitedEnough.call().getStatus());
        assertEquals(Map.of("synced", false, "local.namespaces", 0L), waitedEnough.call().getData().orElseThrow());
    }

    private ClusterCacheReadiness startWith(KubernetesClient target, Duration syncTimeout) {
        Clusters clusters = new Clusters(TestClusters.config(syncTimeout), target);
        cache = new ClusterCache(clusters);
        cache.start();
        return new ClusterCacheReadiness(cache, clusters, TestClusters.config(syncTimeout));
    }
}
