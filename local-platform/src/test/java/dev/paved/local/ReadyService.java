package dev.paved.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;

/**
 * A service that is ready at once, prints the configuration it was given and where it runs (its log),
 * and serves one gauge at {@code /q/metrics}, as the services expose theirs to Prometheus.
 */
public final class ReadyService {

    private ReadyService() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> configuration = new TreeMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("QUARKUS_") || key.startsWith("PAVED_") || key.equals("KUBECONFIG")) {
                configuration.put(key, value);
            }
        });
        configuration.put("WORKING_DIRECTORY", System.getProperty("user.dir"));
        configuration.forEach((key, value) -> System.out.println(key + "=" + value));
        System.out.flush();
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("QUARKUS_HTTP_HOST"),
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 8);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        byte[] metrics = "# TYPE paved_ready_service gauge\npaved_ready_service 1\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/q/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, metrics.length);
            exchange.getResponseBody().write(metrics);
            exchange.close();
        });
        server.start();
    }
}
