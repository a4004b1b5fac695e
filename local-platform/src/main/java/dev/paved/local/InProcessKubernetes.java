package dev.paved.local;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A Kubernetes API in this process: fabric8's mock server in CRUD mode, which stores objects,
 * assigns resourceVersions, serves watches and (see {@link ServerSideApplyDispatcher}) server-side
 * apply, but runs no pods. It stands in for a cluster in
 * local runs and tests, where none can run.
 */
public final class InProcessKubernetes implements AutoCloseable {

    private final KubernetesMockServer server;

    private InProcessKubernetes(KubernetesMockServer server) {
        this.server = server;
    }

    /** Port 0 picks a free port. Plain HTTP on the loopback address. */
    public static InProcessKubernetes start(int port) throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ServerSideApplyDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return new InProcessKubernetes(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig with one context, {@code paved-local}, so that tools and scripts can reach this API. */
    public Path writeKubeconfig(Path file) throws IOException {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: paved-local
                  cluster:
                    server: %s
                users:
                - name: paved-local
                  user:
                    token: paved-local
                contexts:
                - name: paved-local
                  context:
                    cluster: paved-local
                    user: paved-local
                    namespace: default
                current-context: paved-local
                """.formatted(url());
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, kubeconfig);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
