package dev.paved.gateway.api.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Reserves the port of the stand-in observability-service and points the gateway's client at it. */
public class FakeObservabilityPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            String port = Integer.toString(socket.getLocalPort());
            return Map.of("paved.observability.host", "localhost", "paved.observability.port", port,
                    "quarkus.grpc.clients.observability.test-port", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Nothing runs here; the stand-in stops with the test JVM.
    }
}
