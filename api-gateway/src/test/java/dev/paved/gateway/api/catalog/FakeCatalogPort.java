package dev.paved.gateway.api.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Reserves the port the stand-in catalog-service listens on and points the gateway's catalog client
 * at it. The stand-in itself starts inside the test ({@link FakeCatalog}), once the application runs.
 */
public class FakeCatalogPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            String port = Integer.toString(socket.getLocalPort());
            // In test mode Quarkus points gRPC clients at the application itself unless a test port is set.
            return Map.of("paved.catalog.host", "localhost", "paved.catalog.port", port,
                    "quarkus.grpc.clients.catalog.test-port", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Nothing runs here; the stand-in stops with the test JVM.
    }
}
