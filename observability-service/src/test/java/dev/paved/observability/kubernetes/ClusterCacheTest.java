package dev.paved.observability.kubernetes;

import static dev.paved.observability.kubernetes.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.observability.health.domain.NamespaceObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** The cache against fabric8's mock API server in CRUD mode, which stores objects and serves watches. */
@EnableKubernetesMockClient(crud = true)
class ClusterCacheTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private ClusterCache cache;

    @BeforeEach
    void startCache() {
        cache = new ClusterCache(TestClusters.local(client));
    }

    @AfterEach
    void stopCache() {
        cache.stop();
    }

    @Test
    void objectsWrittenToAManagedNamespaceAppearAndDeletedOnesDisappear() {
        managedNamespace("shop-dev");
        client.apps().deployments().inNamespace("shop-dev").resource(deployment("web")).create();
        cache.start();

        eventually("the Deployment listed at start", () -> names(objects("shop-dev")).contains("Deployment/web"));
        client.pods().inNamespace("shop-dev").resource(new PodBuilder().withNewMetadata()
                .withName("web-7d9f8c6b5-x2k9p").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer()
                .endSpec().build()).create();
        eventually("the Pod watched after start", () -> names(objects("shop-dev")).contains("Pod/web-7d9f8c6b5-x2k9p"));

        client.apps().deployments().inNamespace("shop-dev").withName("web").delete();
        eventually("the Deployment gone", () -> !names(objects("shop-dev")).contains("Deployment/web"));
        assertEquals(Set.of("Pod/web-7d9f8c6b5-x2k9p"), Set.copyOf(names(objects("shop-dev"))));
    }

    @Test
    void aNamespaceIsObservedOnlyWhileItCarriesTheManagedByLabel() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("legacy").endMetadata().build())
                .create();
        client.apps().deployments().inNamespace("legacy").resource(deployment("web")).create();
        cache.start();
        eventually("the cache synced", cache::hasSynced);
        assertEquals(Optional.empty(), cache.workloadsOf("local", "legacy"));

        client.namespaces().withName("legacy").edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build());
        eventually("the namespace picked up with its objects",
                () -> cache.workloadsOf("local", "legacy").map(ClusterCacheTest::names).orElse(List.of())
                        .contains("Deployment/web"));
        assertEquals(Set.of("legacy"), cache.managedNamespaces("local"));

        client.namespaces().withName("legacy").edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
                .removeFromLabels("app.kubernetes.io/managed-by").endMetadata().build());
        eventually("the namespace dropped", () -> cache.workloadsOf("local", "legacy").isEmpty());
        assertEquals(Set.of(), cache.managedNamespaces("local"));
    }

    @Test
    void aDeletedNamespaceIsDropped() {
        managedNamespace("shop-dev");
        cache.start();
        eventually("the namespace observed", () -> cache.workloadsOf("local", "shop-dev").isPresent());

        client.namespaces().withName("shop-dev").delete();

        eventually("the namespace dropped", () -> cache.workloadsOf("local", "shop-dev").isEmpty());
    }

    @Test
    void readsAreAnsweredFromMemoryWithoutAnyApiCall() {
        managedNamespace("shop-dev");
        client.apps().deployments().inNamespace("shop-dev").resource(deployment("web")).create();
        cache.start();
        eventually("the Deployment listed", () -> names(objects("shop-dev")).contains("Deployment/web"));
        int requestsBefore = server.getRequestCount();

        for (int read = 0; read < 100; read++) {
            assertEquals(List.of("Deployment/web"), names(objects("shop-dev")));
        }

        assertEquals(requestsBefore, server.getRequestCount());
    }

    @Test
    void readsShareOneSnapshotUntilAStoreChanges() {
        managedNamespace("shop-dev");
        client.apps().deployments().inNamespace("shop-dev").resource(deployment("web")).create();
        cache.start();
        eventually("the Deployment listed", () -> names(objects("shop-dev")).contains("Deployment/web"));
        NamespaceObjects first = objects("shop-dev");

        assertSame(first, objects("shop-dev"));

        client.apps().deployments().inNamespace("shop-dev").withName("web").edit(web -> new DeploymentBuilder(web)
                .editSpec().withReplicas(3).endSpec().build());
        eventually("the change seen", () -> objects("shop-dev").deployments().get(0).getSpec().getReplicas() == 3);
        assertNotSame(first, objects("shop-dev"));
    }

    @Test
    void aWatchThatEndsWith410GoneListsAgainSoThatWhatChangedMeanwhileIsSeen() throws InterruptedException {
        managedNamespace("shop-dev");
        Deployment web = client.apps().deployments().inNamespace("shop-dev").resource(deployment("web")).create();
        Deployment old = client.apps().deployments().inNamespace("shop-dev").resource(deployment("old")).create();
        client.apps().deployments().inNamespace("shop-dev").withName("old").delete();
        String version = client.apps().deployments().inNamespace("shop-dev").resource(deployment("new")).create()
                .getMetadata().getResourceVersion();
        // The cache's first list answers as the API server did before "old" was deleted and "new" created;
        // its watch from there finds that version compacted away: silent for a while, then 410 Gone.
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop-dev/deployments?resourceVersion=0")
                .andReturn(200, new DeploymentListBuilder().withMetadata(new ListMetaBuilder()
                        .withResourceVersion(version).build()).withItems(web, old).build())
                .once();
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop-dev/deployments"
                + "?allowWatchBookmarks=true&resourceVersion=" + version + "&timeoutSeconds=600&watch=true")
                .andUpgradeToWebSocket().open()
                .waitFor(3_000)
                .andEmit(new WatchEventBuilder().withType("ERROR").withObject(new StatusBuilder()
                        .withCode(HttpURLConnection.HTTP_GONE).withReason("Expired")
                        .withMessage("too old resource version: " + version).build()).build())
                .done().once();

        cache.start();
        eventually("the first list in the cache",
                () -> Set.copyOf(names(objects("shop-dev"))).equals(Set.of("Deployment/web", "Deployment/old")));

        eventually("the list after 410 Gone in the cache",
                () -> Set.copyOf(names(objects("shop-dev"))).equals(Set.of("Deployment/web", "Deployment/new")));
        assertEquals(2, deploymentLists(), "one list at start, one after 410 Gone");
    }

    @Test
    void aClusterThatIsNotConfiguredIsRefused() {
        cache.start();

        UnknownCluster refused = assertThrows(UnknownCluster.class, () -> cache.workloadsOf("edge", "shop-dev"));
        assertEquals("cluster 'edge' is not configured", refused.getMessage());
    }

    @Test
    void aNamespaceNotYetListedIsNotAnsweredAsEmpty() {
        cache.start();
        eventually("the cache synced", cache::hasSynced);

        assertEquals(Optional.empty(), cache.workloadsOf("local", "shop-dev"));
    }

    private void managedNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
    }

    private NamespaceObjects objects(String namespace) {
        return cache.workloadsOf("local", namespace).orElseGet(() -> NamespaceObjects.of(namespace, List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    private int deploymentLists() throws InterruptedException {
        int lists = 0;
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            String path = request.getPath();
            if ("GET".equals(request.getMethod()) && path.startsWith("/apis/apps/v1/namespaces/shop-dev/deployments")
                    && !path.contains("watch=true")) {
                lists++;
            }
        }
        return lists;
    }

    static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(name + ":1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    static List<String> names(NamespaceObjects objects) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(objects.deployments());
        all.addAll(objects.replicaSets());
        all.addAll(objects.statefulSets());
        all.addAll(objects.cronJobs());
        all.addAll(objects.jobs());
        all.addAll(objects.pods());
        all.addAll(objects.events());
        return all.stream().map(object -> HasMetadata.getKind(object.getClass()) + "/" + object.getMetadata().getName())
                .toList();
    }
}
