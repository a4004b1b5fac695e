package dev.paved.local;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * A Kubernetes API in this process: fabric8's mock server in CRUD mode, which stores objects,
 * assigns resourceVersions, serves watches and (see {@link InProcessApiDispatcher}) server-side apply
 * and namespace deletion, but runs no pods; {@code dev.paved.local.simulator.ClusterSimulator} does
 * that on top of it. It stands in for a cluster in local runs and tests, where none can run. Given a
 * directory, it keeps its objects there across restarts.
 */
public final class InProcessKubernetes implements AutoCloseable {

    private final ApiHttpServer server;
    private final InProcessApiDispatcher store;
    private final Optional<ObjectFiles> files;

    private InProcessKubernetes(ApiHttpServer server, InProcessApiDispatcher store, Optional<ObjectFiles> files) {
        this.server = server;
        this.store = store;
        this.files = files;
    }

    /** Objects in memory only. Port 0 picks a free port. Plain HTTP on the loopback address. */
    public static InProcessKubernetes start(int port) throws IOException {
        return start(port, Optional.empty());
    }

    /**
     * Objects kept in {@code storeDirectory}: those stored there by an earlier run are served again,
     * with their resourceVersions.
     *
     * @throws IOException when the directory holds a file that is not a stored object, naming it
     */
    public static InProcessKubernetes start(int port, Path storeDirectory) throws IOException {
        return start(port, Optional.of(storeDirectory));
    }

    private static InProcessKubernetes start(int port, Optional<Path> storeDirectory) throws IOException {
        InProcessApiDispatcher dispatcher = new InProcessApiDispatcher();
        Optional<ObjectFiles> files = Optional.empty();
        if (storeDirectory.isPresent()) {
            files = Optional.of(ObjectFiles.attach(storeDirectory.get(), dispatcher));
        }
        try {
            return new InProcessKubernetes(ApiHttpServer.start(dispatcher, InetAddress.getLoopbackAddress(), port),
                    dispatcher, files);
        } catch (IOException | RuntimeException e) {
            files.ifPresent(ObjectFiles::close);
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Answers the paths {@code routes} takes before the stored objects do, until {@link #stopServing}. */
    public void serve(ApiRoutes routes) {
        server.serve(routes);
    }

    public void stopServing(ApiRoutes routes) {
        server.stopServing(routes);
    }

    /**
     * What {@code GET path} answers from the stored objects (one object, or a list as JSON), without
     * HTTP: for {@link ApiRoutes} that answer from the objects as they are stored this very moment.
     */
    public Optional<String> read(String path) {
        MockResponse answer = store.handleGet(path);
        return answer.code() == 200 && answer.getBody() != null ? Optional.of(answer.getBody().readUtf8())
                : Optional.empty();
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

    /** Stops serving, then writes what changed last to the store directory. */
    @Override
    public void close() {
        server.close();
        files.ifPresent(ObjectFiles::close);
    }
}
