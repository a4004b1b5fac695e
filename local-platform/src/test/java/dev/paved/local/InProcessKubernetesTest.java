package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

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

    @Test
    void applyingAManifestAgainReplacesItsListsAndANullRemovesAField() throws Exception {
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kubernetes.url()).build())
                        .build()) {
            Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop-dev")
                    .addToAnnotations("note", "first").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                    .addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
                    .endSpec().build();
            client.resource(web).fieldManager("paved").forceConflicts().serverSideApply();

            Deployment again = client.resource(new DeploymentBuilder(web).editSpec().editTemplate().editSpec()
                    .editFirstContainer().withImage("nginx:1.28").endContainer().endSpec().endTemplate().endSpec()
                    .build()).fieldManager("paved").forceConflicts().serverSideApply();
            client.apps().deployments().inNamespace("shop-dev").withName("web")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"note\":null}}}");

            assertEquals(1, again.getSpec().getTemplate().getSpec().getContainers().size());
            assertEquals("nginx:1.28", again.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            assertFalse(client.apps().deployments().inNamespace("shop-dev").withName("web").get().getMetadata()
                    .getAnnotations().containsKey("note"));
        }
    }

    @Test
    void applyRemovesWhatTheSameManagerNoLongerAppliesAndKeepsWhatOthersSet() throws Exception {
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kubernetes.url()).build())
                        .build()) {
            Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop-dev")
                    .addToAnnotations("paved.dev/simulate", "crash-loop").addToAnnotations("team", "shop").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web")
                    .withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec().build();
            client.resource(web).fieldManager("paved").forceConflicts().serverSideApply();
            client.apps().deployments().inNamespace("shop-dev").withName("web")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"owner\":\"ops\"}}}");

            client.resource(new DeploymentBuilder(web).editMetadata().removeFromAnnotations("paved.dev/simulate")
                    .endMetadata().build()).fieldManager("paved").forceConflicts().serverSideApply();

            Deployment stored = client.apps().deployments().inNamespace("shop-dev").withName("web").get();
            assertFalse(stored.getMetadata().getAnnotations().containsKey("paved.dev/simulate"));
            assertEquals("shop", stored.getMetadata().getAnnotations().get("team"));
            assertEquals("ops", stored.getMetadata().getLabels().get("owner"), "a field paved never applied stays");
        }
    }

    @Test
    void deletingANamespaceDeletesWhatLiesInItAndNothingElse() throws Exception {
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kubernetes.url()).build())
                        .build()) {
            for (String namespace : List.of("doomed", "kept")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("settings").endMetadata().build()).create();
            }
            client.apps().deployments().inNamespace("doomed").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("web").endMetadata().build()).create();

            client.namespaces().withName("doomed").delete();

            assertNull(client.namespaces().withName("doomed").get());
            assertEquals(List.of(), client.configMaps().inNamespace("doomed").list().getItems());
            assertEquals(List.of(), client.apps().deployments().inNamespace("doomed").list().getItems());
            assertEquals(1, client.configMaps().inNamespace("kept").list().getItems().size());
        }
    }
}
