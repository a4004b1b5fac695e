package dev.paved.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP ports of a local platform: the four services, the dev issuer, the Kubernetes API, PostgreSQL
 * and Prometheus.
 */
public record Ports(int gateway, int catalog, int provisioning, int observability, int issuer, int kubernetes,
        int postgres, int prometheus) {

    static final String POSTGRES_OWNER = "PostgreSQL";
    static final String KUBERNETES_OWNER = "the in-process Kubernetes API";
    static final String ISSUER_OWNER = "the dev OIDC issuer";
    static final String PROMETHEUS_OWNER = "Prometheus";

    /**
     * 5433 rather than 5432 and 8092 rather than 9090, so that a PostgreSQL or Prometheus installed on
     * the machine does not collide.
     */
    public static Ports defaults() {
        return new Ports(8080, 8081, 8082, 8083, 8090, 8091, 5433, 8092);
    }

    /** The default layout moved as a whole so that the gateway listens on {@code gatewayPort}. */
    public static Ports shiftedTo(int gatewayPort) {
        Ports defaults = defaults();
        int shift = gatewayPort - defaults.gateway();
        Ports shifted = new Ports(gatewayPort, defaults.catalog() + shift, defaults.provisioning() + shift,
                defaults.observability() + shift, defaults.issuer() + shift, defaults.kubernetes() + shift,
                defaults.postgres() + shift, defaults.prometheus() + shift);
        for (Map.Entry<String, Integer> port : shifted.byOwner().entrySet()) {
            if (port.getValue() < 1024 || port.getValue() > 65535) {
                throw new IllegalArgumentException("a gateway on port " + gatewayPort + " would put " + port.getKey()
                        + " on port " + port.getValue() + ", outside 1024-65535");
            }
        }
        return shifted;
    }

    /** Ports that were free a moment ago, for tests that run next to other processes. */
    public static Ports free() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[8];
            for (int i = 0; i < ports.length; i++) {
                // Held open until all are chosen, so that no two of them are the same.
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7]);
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    /** What listens on each port, in the order the platform starts them. */
    public Map<String, Integer> byOwner() {
        Map<String, Integer> owners = new LinkedHashMap<>();
        owners.put(POSTGRES_OWNER, postgres);
        owners.put(KUBERNETES_OWNER, kubernetes);
        owners.put(ISSUER_OWNER, issuer);
        owners.put(PROMETHEUS_OWNER, prometheus);
        for (PavedService service : PavedService.values()) {
            owners.put(service.moduleName(), service.port(this));
        }
        return owners;
    }

    /** Whether nothing listens on the port, on any local address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
