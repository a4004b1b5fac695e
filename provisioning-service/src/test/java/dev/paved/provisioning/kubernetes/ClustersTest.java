package dev.paved.provisioning.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.testing.ConfigMappings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Which Kubernetes API each configured cluster is reached at; no API is called. */
class ClustersTest {

    private static final String OWN_API = "http://own-api.test:6443/";

    @TempDir
    Path directory;

    private KubernetesClient ownClient;
    private Clusters clusters;

    @BeforeEach
    void connect() throws IOException {
        Path kubeconfig = Files.writeString(directory.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: east
                  cluster:
                    server: http://east-api.test:6443
                - name: west
                  cluster:
                    server: http://west-api.test:6443
                users:
                - name: paved
                  user: {}
                contexts:
                - name: east
                  context:
                    cluster: east
                    user: paved
                - name: west
                  context:
                    cluster: west
                    user: paved
                current-context: east
                """);
        Map<String, String> properties = new HashMap<>();
        properties.put("paved.provisioning.default-tier", "small");
        properties.put("paved.provisioning.default-cluster", "own");
        properties.put("paved.provisioning.ingress-namespace", "ingress-nginx");
        properties.put("paved.provisioning.clusters.own.context", "");
        properties.put("paved.provisioning.clusters.west.context", "west");
        properties.put("paved.provisioning.clusters.west.kubeconfig", kubeconfig.toString());
        properties.put("paved.provisioning.clusters.misnamed.context", "north");
        properties.put("paved.provisioning.clusters.misnamed.kubeconfig", kubeconfig.toString());
        ProvisioningConfig config = ConfigMappings.of(ProvisioningConfig.class, properties);
        ownClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(OWN_API).build())
                .build();
        clusters = new Clusters(config, ownClient);
    }

    @AfterEach
    void close() {
        clusters.close();
        ownClient.close();
    }

    @Test
    void reachesAClusterWithoutContextWithTheServicesOwnClient() {
        assertSame(ownClient, clusters.client("own"));
    }

    @Test
    void reachesAClusterAtTheServerOfItsContextRatherThanTheCurrentOne() {
        assertEquals("http://west-api.test:6443/", clusters.client("west").getConfiguration().getMasterUrl());
    }

    @Test
    void refusesAContextTheKubeconfigLacksRatherThanFallingBackToTheCurrentOne() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> clusters.client("misnamed"));
        assertTrue(refused.getMessage().contains("no kubeconfig context 'north'"), refused.getMessage());
    }

    @Test
    void refusesToStartWithAClusterWhoseContextNoKubeconfigHolds() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, clusters::checkContexts);
        assertTrue(refused.getMessage().contains("cluster 'misnamed'"), refused.getMessage());
    }

    @Test
    void failsForGoodAStepOnAClusterTheConfigurationDoesNotLeadTo() {
        ObjectRef namespace = new ObjectRef("v1", "Namespace", "", "payments-dev");
        KubernetesCallFailed failed = assertThrows(KubernetesCallFailed.class,
                () -> new KubernetesObjects(clusters).get("misnamed", namespace));
        assertFalse(failed.isTransient(), "retrying cannot find a context the kubeconfig lacks");
        assertTrue(failed.getMessage().contains("Namespace payments-dev") && failed.getMessage().contains("misnamed"),
                failed.getMessage());
        assertThrows(KubernetesCallFailed.class, () -> new KubernetesObjects(clusters).get("retired", namespace));
    }
}
