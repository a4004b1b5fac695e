package dev.paved.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class ContractCheckingHttpClientTest {

    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/api/v1/things/good", 200, "application/json", "{\"name\":\"good\"}");
        answer("/api/v1/things/bad", 200, "application/json", "{\"name\":null}");
        answer("/api/v1/things/good/events", 200, "text/event-stream", "id: 1\ndata: {}\n\n");
        server.start();
        client = ContractCheckingHttpClient.builder(HttpClient.newBuilder(), OpenApiContractTest.CONTRACT).build();
    }

    private static void answer(String path, int status, String contentType, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).build();
    }

    @Test
    void aMatchingAnswerReachesTheCallersOwnBodyHandler() throws Exception {
        HttpResponse<String> text = client.send(get("/api/v1/things/good"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, text.statusCode());
        assertEquals("{\"name\":\"good\"}", text.body());

        HttpResponse<InputStream> stream = client.send(get("/api/v1/things/good"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertEquals("{\"name\":\"good\"}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }

        List<String> lines = client.send(get("/api/v1/things/good/events"), HttpResponse.BodyHandlers.ofLines())
                .body().toList();
        assertEquals(List.of("id: 1", "data: {}", ""), lines);

        assertEquals("{\"name\":\"good\"}", client.sendAsync(get("/api/v1/things/good"),
                HttpResponse.BodyHandlers.ofString()).join().body());
    }

    @Test
    void anAnswerThatDoesNotMatchFailsTheCaller() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> client.send(get("/api/v1/things/bad"), HttpResponse.BodyHandlers.ofString()));
        assertTrue(failure.getMessage().contains("/name"), failure.getMessage());
    }
}
