package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static dev.paved.local.simulator.SimulatedCluster.pavedDeployment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paved.local.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class SimulatorRestartTest {

    @TempDir
    Path store;

    @Test
    void aRestartedClusterFindsItsWorkloadsAsItLeftThemAndCollectsWhatLostItsOwnerMeanwhile() throws IOException {
        Set<String> podsBefore;
        try (InProcessKubernetes api = InProcessKubernetes.start(0, store); KubernetesClient client = clientOf(api)) {
            try (ClusterSimulator simulator = ClusterSimulator.start(api, SimulatedCluster.FAST)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                        .build()).create();
                apply(client, pavedDeployment("shop", "kept", 2).build());
                apply(client, pavedDeployment("shop", "dropped", 1).build());
                await("both rolled out", () -> client.pods().inNamespace("shop").list().getItems(),
                        pods -> pods.size() == 3 && pods.stream().allMatch(Pods::ready));
                podsBefore = names(client, "kept-");
            }
            // Deleted while nothing simulates: its ReplicaSet and pod stay, as on a cluster without its controllers.
            client.apps().deployments().inNamespace("shop").withName("dropped").delete();
        }

        try (InProcessKubernetes api = InProcessKubernetes.start(0, store); KubernetesClient client = clientOf(api);
                ClusterSimulator simulator = ClusterSimulator.start(api, SimulatedCluster.FAST)) {
            await("dropped's ReplicaSet and pod collected", () -> names(client, "dropped-").size()
                    + client.apps().replicaSets().inNamespace("shop").list().getItems().size(), count -> count == 1);
            assertEquals(podsBefore, names(client, "kept-"), "the same pods, not new ones");

            apply(client, pavedDeployment("shop", "kept", 3).build());

            Deployment scaled = await("kept scaled to 3 after the restart",
                    () -> client.apps().deployments().inNamespace("shop").withName("kept").get(),
                    deployment -> Integer.valueOf(3).equals(deployment.getStatus().getAvailableReplicas()));
            assertEquals(3, scaled.getStatus().getUpdatedReplicas());
            List<Pod> pods = client.pods().inNamespace("shop").list().getItems();
            assertEquals(3, pods.size());
        }
    }

    private static void apply(KubernetesClient client, Deployment deployment) {
        client.resource(deployment).fieldManager("paved").forceConflicts().serverSideApply();
    }

    private static Set<String> names(KubernetesClient client, String prefix) {
        return client.pods().inNamespace("shop").list().getItems().stream().map(pod -> pod.getMetadata().getName())
                .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }

    private static KubernetesClient clientOf(InProcessKubernetes api) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url()).build()).build();
    }
}
