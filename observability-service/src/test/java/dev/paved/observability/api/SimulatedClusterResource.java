package dev.paved.observability.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.paved.local.InProcessKubernetes;
import dev.paved.local.simulator.ClusterSimulator;
import dev.paved.local.simulator.SimulatorConfig;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local platform's in-process Kubernetes API with its cluster simulator (pods that start, logs,
 * metrics.k8s.io), once per test JVM, ten times faster than its defaults; the service's Kubernetes
 * client points at it, and test fields of type {@link KubernetesClient} get a client of their own.
 */
public class SimulatedClusterResource implements QuarkusTestResourceLifecycleManager {

    private static InProcessKubernetes api;
    private static ClusterSimulator simulator;
    private static KubernetesClient client;

    @Override
    public synchronized Map<String, String> start() {
        if (api == null) {
            try {
                api = InProcessKubernetes.start(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            simulator = ClusterSimulator.start(api, SimulatorConfig.defaults().scaled(0.1));
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url()).build())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                simulator.close();
                api.close();
            }, "simulated-cluster-stop"));
        }
        // fabric8 reads its system properties when the service's client is made, as the Quarkus test server does.
        System.setProperty("kubernetes.master", api.url());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.namespace", "default");
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(client, new TestInjector.MatchesType(KubernetesClient.class));
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by the shutdown hook.
    }
}
