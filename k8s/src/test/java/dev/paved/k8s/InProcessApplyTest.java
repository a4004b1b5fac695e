package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.local.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Every overlay applies to the in-process Kubernetes API (the local platform's, fabric8's CRUD mock
 * server with server-side apply) as {@code kubectl apply --server-side} applies it, and again without
 * change: each object is stored as rendered, under the same uid.
 */
class InProcessApplyTest {

    private InProcessKubernetes api;
    private KubernetesClient client;

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @BeforeEach
    void start() throws IOException {
        api = InProcessKubernetes.start(0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withRequestRetryBackoffLimit(0)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectAppliesCleanlyAndAgainUnchanged(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);

        Map<String, String> uids = new LinkedHashMap<>();
        for (HasMetadata object : objects) {
            HasMetadata applied = client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
            uids.put(key(object), applied.getMetadata().getUid());
        }
        for (HasMetadata object : objects) {
            HasMetadata stored = client.resource(object).get();
            assertNotNull(stored, key(object) + " is stored");
            assertEquals(object.getMetadata().getLabels(), stored.getMetadata().getLabels(), key(object));
            HasMetadata again = client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
            assertEquals(uids.get(key(object)), again.getMetadata().getUid(), key(object) + " is the same object");
        }
        assertEquals(objects.size(), uids.size(), "every object has a name of its own");
    }

    private static String key(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
