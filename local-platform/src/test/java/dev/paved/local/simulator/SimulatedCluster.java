package dev.paved.local.simulator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.paved.local.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** An in-process API with a simulator on it, fast enough for tests, and what tests ask of it. */
public final class SimulatedCluster implements AutoCloseable {

    /** Pods ready in about a tenth of a second; the rest scaled alike. */
    static final SimulatorConfig FAST = SimulatorConfig.defaults().scaled(0.1);
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static SimulatedCluster shared;

    final InProcessKubernetes api;
    final ClusterSimulator simulator;
    final KubernetesClient client;

    private SimulatedCluster(InProcessKubernetes api, ClusterSimulator simulator, KubernetesClient client) {
        this.api = api;
        this.simulator = simulator;
        this.client = client;
    }

    /** One cluster for the test classes that need nothing of their own; each test works in its own namespace. */
    static synchronized SimulatedCluster shared() {
        if (shared == null) {
            SimulatedCluster cluster = start(FAST);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "simulated-cluster-stop"));
            shared = cluster;
        }
        return shared;
    }

    static SimulatedCluster start(SimulatorConfig config) {
        try {
            InProcessKubernetes api = InProcessKubernetes.start(0);
            ClusterSimulator simulator = ClusterSimulator.start(api, config);
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder().withMasterUrl(api.url()).build()).build();
            return new SimulatedCluster(api, simulator, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A namespace of its own for each test. */
    String namespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** A Deployment as Paved applies it: labelled, selector and template labels alike, one web container. */
    public static DeploymentBuilder pavedDeployment(String namespace, String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "paved").addToLabels("app.kubernetes.io/name", name)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app.kubernetes.io/name", name)
                .endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("web")
                        .withImage("registry.example.com/shop/" + name + ":1.0.0").addNewPort().withContainerPort(8080)
                        .endPort().withNewResources().addToRequests("cpu", new Quantity(
                                "100m")).addToRequests("memory", new Quantity("128Mi"))
                        .addToLimits("cpu", new Quantity("500m"))
                        .addToLimits("memory", new Quantity("256Mi")).endResources()
                        .build())
                .endSpec().endTemplate().endSpec();
    }

    Deployment apply(Deployment deployment) {
        return client.resource(deployment).fieldManager("paved").forceConflicts().serverSideApply();
    }

    Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    List<ReplicaSet> replicaSets(String namespace) {
        return client.apps().replicaSets().inNamespace(namespace).list().getItems();
    }

    List<Pod> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
    }

    List<Event> events(String namespace, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> reason.equals(event.getReason())).toList();
    }

    Optional<DeploymentCondition> condition(Deployment deployment, String type) {
        return deployment.getStatus() == null ? Optional.empty()
                : deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Asks until the answer satisfies {@code done}, and returns it; fails with the last answer after a while. */
    static <T> T await(String what, Supplier<T> ask, Predicate<T> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T answer = ask.get();
        while (!done.test(answer)) {
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what + "; the last answer was " + answer);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
            answer = ask.get();
        }
        return answer;
    }

    static Map<String, String> label(String key, String value) {
        return Map.of(key, value);
    }

    @Override
    public void close() {
        client.close();
        simulator.close();
        api.close();
    }
}
