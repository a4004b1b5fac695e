package dev.paved.gateway.api.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Reserves the port of the stand-in provisioning-service and points the gateway's client at it. */
public class FakeProvisioningPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            String port = Integer.toString(socket.getLocalPort());
            // In test mode Quarkus points gRPC clients at the application itself unless a test port is set.
            return Map.of("paved.provisioning.host", "localhost", "paved.provisioning.port", port,
                    "quarkus.grpc.clients.provisioning.test-port", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Nothing runs here; the stand-in stops with the test JVM.
    }
}
