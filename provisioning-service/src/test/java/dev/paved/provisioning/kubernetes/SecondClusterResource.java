package dev.paved.provisioning.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.paved.local.ServerSideApplyDispatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A second Kubernetes API beside the one {@link KubernetesApiResource} starts, and one kubeconfig file
 * with a context for each: clusters {@value #FIRST} and {@value #SECOND} are configured through
 * those contexts. Test fields of type {@link SecondCluster} are injected.
 */
public class SecondClusterResource implements QuarkusTestResourceLifecycleManager {

    public static final String FIRST = "first";
    public static final String SECOND = "second";

    /** The second API as a test looks at it: a client of its own, and the server to count requests. */
    public record SecondCluster(KubernetesClient client, KubernetesMockServer server) {

        public int requestsReceived() {
            return server.getRequestCount();
        }
    }

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Path kubeconfigDirectory;

    /** After {@link KubernetesApiResource} (order 0), whose API server the first context points at. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new ServerSideApplyDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        String firstServer = Objects.requireNonNull(System.getProperty("kubernetes.master"),
                "the first Kubernetes API is not started");
        Path kubeconfig = writeKubeconfig(firstServer, "http://127.0.0.1:" + server.getPort());
        return Map.of(
                "paved.provisioning.clusters." + FIRST + ".context", FIRST,
                "paved.provisioning.clusters." + FIRST + ".kubeconfig", kubeconfig.toString(),
                "paved.provisioning.clusters." + SECOND + ".context", SECOND,
                "paved.provisioning.clusters." + SECOND + ".kubeconfig", kubeconfig.toString());
    }

    private Path writeKubeconfig(String firstServer, String secondServer) {
        // The current context is the first one, so a cluster whose own context were ignored would
        // land on the first API instead of the second.
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %3$s
                - name: %2$s
                  cluster:
                    server: %4$s
                users:
                - name: paved
                  user: {}
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: paved
                - name: %2$s
                  context:
                    cluster: %2$s
                    user: paved
                current-context: %1$s
                """.formatted(FIRST, SECOND, firstServer, secondServer);
        try {
            kubeconfigDirectory = Files.createTempDirectory("paved-kubeconfig");
            return Files.writeString(kubeconfigDirectory.resolve("config"), kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new SecondCluster(client, server), new TestInjector.MatchesType(SecondCluster.class));
    }

    @Override
    public void stop() {
        client.close();
        server.destroy();
        try {
            Files.deleteIfExists(kubeconfigDirectory.resolve("config"));
            Files.deleteIfExists(kubeconfigDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
