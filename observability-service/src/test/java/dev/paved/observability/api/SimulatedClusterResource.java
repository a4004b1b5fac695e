package dev.paved.observability.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.paved.local.InProcessKubernetes;
import dev.paved.local.simulator.ClusterSimulator;
import dev.paved.local.simulator.SimulatorConfig;
import dev.paved.testing.kubernetes.ApiAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local platform's in-process Kubernetes API with its cluster simulator (pods that start, logs,
 * metrics.k8s.io), once per test JVM, ten times faster than its defaults; the service's Kubernetes
 * client points at it, and test fields of type {@link KubernetesClient} get a client of their own.
 * The service's client names itself ({@value #SERVICE_AGENT}), so that {@link #serviceCalls()} holds
 * what the service asked of the API, apart from the simulator's and the tests' requests.
 */
public class SimulatedClusterResource implements QuarkusTestResourceLifecycleManager {

    static final String SERVICE_AGENT = "observability-service";

    private static final List<Call> SERVICE_CALLS = new CopyOnWriteArrayList<>();
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
            api.serve(request -> {
                if (SERVICE_AGENT.equals(request.getHeader("User-Agent"))) {
                    SERVICE_CALLS.add(new Call(request.method().name(), request.uri(), request.getHeader("Content-Type")));
                }
                return false;
            });
            simulator = ClusterSimulator.start(api, SimulatorConfig.defaults().scaled(0.1));
            // Named apart from the service (the JVM's kubernetes.user.agent may already be set by an earlier start).
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
                    .withUserAgent("observability-tests").build()).build();
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
        System.setProperty("kubernetes.user.agent", SERVICE_AGENT);
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(client, new TestInjector.MatchesType(KubernetesClient.class));
    }

    /** A request of the service as it arrived: method, path with its query, and the content type of its body. */
    record Call(String method, String uri, String contentType) {

        List<ApiAccess> accesses() {
            return ApiAccess.of(method, uri, contentType);
        }
    }

    /** What the service has asked of the Kubernetes API so far. */
    static List<Call> serviceCalls() {
        return List.copyOf(SERVICE_CALLS);
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by the shutdown hook.
    }
}
