package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class ObjectFilesTest {

    @TempDir
    Path store;

    @Test
    void objectsSurviveARestartWithTheirResourceVersions() throws IOException {
        String deploymentVersion;
        String settingsVersion;
        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0, store);
                KubernetesClient client = clientOf(kubernetes)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-dev").endMetadata()
                    .build()).create();
            client.resource(configMap("settings", "blue")).create();
            client.resource(configMap("gone", "soon")).create();
            deploymentVersion = client.resource(deployment()).create().getMetadata().getResourceVersion();
            settingsVersion = client.resource(configMap("settings", "green")).update().getMetadata().getResourceVersion();
            client.configMaps().inNamespace("shop-dev").withName("gone").delete();
        }

        try (InProcessKubernetes kubernetes = InProcessKubernetes.start(0, store);
                KubernetesClient client = clientOf(kubernetes)) {
            ConfigMap settings = client.configMaps().inNamespace("shop-dev").withName("settings").get();
            assertEquals("green", settings.getData().get("colour"));
            assertEquals(settingsVersion, settings.getMetadata().getResourceVersion());
            Deployment deployment = client.apps().deployments().inNamespace("shop-dev").withName("web").get();
            assertEquals(deploymentVersion, deployment.getMetadata().getResourceVersion());
            assertEquals("web", deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getName());
            assertEquals(1, client.apps().deployments().inNamespace("shop-dev")
                    .withLabel("app.kubernetes.io/name", "web").list().getItems().size(), "labels select after a restart");
            assertTrue(client.namespaces().withName("shop-dev").get() != null);
            assertNull(client.configMaps().inNamespace("shop-dev").withName("gone").get());
            long created = Long.parseLong(client.resource(configMap("later", "new")).create().getMetadata()
                    .getResourceVersion());
            assertTrue(created > Long.parseLong(settingsVersion), "resourceVersions go on counting up: " + created);
        }
    }

    @Test
    void aStoredFileThatIsNotAnObjectStopsTheStartNamingTheFile() throws IOException {
        Path corrupt = store.resolve("core/configmaps/shop-dev/settings.json");
        Files.createDirectories(corrupt.getParent());
        Files.writeString(corrupt, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":");

        IOException refused = assertThrows(IOException.class, () -> InProcessKubernetes.start(0, store));

        assertTrue(refused.getMessage().startsWith("the stored Kubernetes object " + corrupt + " cannot be read back: "
                + "it is not JSON"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("move it out of " + store + " to start without it"),
                refused.getMessage());
    }

    @Test
    void aStoredObjectInTheWrongPlaceStopsTheStart() throws IOException {
        Path misplaced = store.resolve("core/configmaps/shop-dev/settings.json");
        Files.createDirectories(misplaced.getParent());
        Files.writeString(misplaced, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other\","
                + "\"namespace\":\"shop-dev\",\"resourceVersion\":\"3\"}}");

        IOException refused = assertThrows(IOException.class, () -> InProcessKubernetes.start(0, store));

        assertTrue(refused.getMessage().contains("it holds v1 ConfigMap other in namespace shop-dev, which belongs "
                + "elsewhere"), refused.getMessage());
    }

    private static KubernetesClient clientOf(InProcessKubernetes kubernetes) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(kubernetes.url()).build())
                .build();
    }

    private static ConfigMap configMap(String name, String colour) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("shop-dev").endMetadata()
                .addToData("colour", colour).build();
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop-dev")
                .addToLabels("app.kubernetes.io/name", "web").endMetadata().withNewSpec().withReplicas(2)
                .withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
