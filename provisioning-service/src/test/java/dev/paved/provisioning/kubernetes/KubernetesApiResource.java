package dev.paved.provisioning.kubernetes;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link KubernetesApiDouble} once per test JVM and points the service's Kubernetes
 * client at it. Test fields of type {@link KubernetesApiDouble} and {@link KubernetesClient} (a
 * client of its own, to look at and tamper with the cluster) are injected.
 */
public class KubernetesApiResource implements QuarkusTestResourceLifecycleManager {

    private static KubernetesApiDouble api;
    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            api = new KubernetesApiDouble();
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(), api, false);
            server.init(InetAddress.getLoopbackAddress(), 0);
            client = server.createClient();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                server.destroy();
            }));
        }
        // The client's API server is fixed at build time in Quarkus config; fabric8's own system
        // properties are read when the client is made, as quarkus-test-kubernetes-client does too.
        System.setProperty("kubernetes.master", "http://127.0.0.1:" + server.getPort());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.namespace", "default");
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(api, new TestInjector.MatchesType(KubernetesApiDouble.class));
        injector.injectIntoFields(client, new TestInjector.MatchesType(KubernetesClient.class));
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by the shutdown hook.
    }
}
