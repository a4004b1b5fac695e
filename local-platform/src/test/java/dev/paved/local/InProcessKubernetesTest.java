package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class InProcessKubernetesTest {

    @Test
    void storesObjectsForClientsThatReadItsKubeconfig(@TempDir Path directory) throws Exception {
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0)) {
            Path kubeconfig = kubernetes.writeKubeconfig(directory.resolve("kubeconfig"));
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments-dev")
                        .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();

                Namespace stored = client.namespaces().withName("payments-dev").get();
                assertNotNull(stored.getMetadata().getResourceVersion(), "the API assigns a resourceVersion");
                assertEquals("paved", stored.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            }
        }
    }

    @Test
    void serverSideApplyCreatesAMissingObjectAndMergesIntoAnExistingOne() throws Exception {
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kubernetes.url()).build())
                        .build()) {
            Namespace created = client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("checkout-dev").addToLabels("stage", "dev").endMetadata().build())
                    .fieldManager("paved").forceConflicts().serverSideApply();
            assertEquals("dev", created.getMetadata().getLabels().get("stage"));
            assertEquals("paved", created.getMetadata().getManagedFields().get(0).getManager());

            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("checkout-dev")
                    .addToLabels("stage", "prod").endMetadata().build())
                    .fieldManager("paved").forceConflicts().serverSideApply();
            assertEquals("prod", client.namespaces().withName("checkout-dev").get().getMetadata().getLabels().get("stage"));
        }
    }
}
