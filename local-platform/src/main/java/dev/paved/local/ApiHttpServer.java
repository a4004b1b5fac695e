package dev.paved.local;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP side of the in-process API: extra {@link ApiRoutes} first, then fabric8's CRUD
 * dispatcher. fabric8's own MockWebServer would serve the dispatcher alone, but it answers with
 * whole bodies only, and pod logs with {@code follow=true} must stream. Requests to the store run on
 * Vert.x's worker threads, which the store's own lock keeps apart, so that a large list or a burst
 * of writes does not hold up the event loop that streams logs and watch events; a watch is set up
 * on the event loop, where its request can still become a WebSocket.
 */
final class ApiHttpServer implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 10;
    /** Sub-protocols of Kubernetes streaming channels, which watches over WebSockets may name. */
    private static final List<String> WEBSOCKET_SUB_PROTOCOLS = List.of("v4.channel.k8s.io", "v3.channel.k8s.io",
            "v2.channel.k8s.io", "v1.channel.k8s.io");

    private final Vertx vertx;
    private final HttpServer server;
    private final Dispatcher dispatcher;
    private final List<ApiRoutes> routes = new CopyOnWriteArrayList<>();

    private ApiHttpServer(Vertx vertx, HttpServer server, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.server = server;
        this.dispatcher = dispatcher;
    }

    static ApiHttpServer start(Dispatcher dispatcher, InetAddress address, int port) throws IOException {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(address.getHostAddress())
                .setPort(port).setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
                .setHandle100ContinueAutomatically(true));
        ApiHttpServer api = new ApiHttpServer(vertx, server, dispatcher);
        server.requestHandler(api::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IOException("the Kubernetes API cannot listen on port " + port + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IOException("interrupted while starting the Kubernetes API", e);
        }
        return api;
    }

    int port() {
        return server.actualPort();
    }

    Vertx vertx() {
        return vertx;
    }

    void serve(ApiRoutes extra) {
        routes.add(extra);
    }

    void stopServing(ApiRoutes extra) {
        routes.remove(extra);
    }

    private void handle(HttpServerRequest request) {
        for (ApiRoutes extra : routes) {
            if (extra.handle(request)) {
                return;
            }
        }
        if (request.query() != null && request.query().contains("watch=true")) {
            RecordedRequest recorded = recorded(request, null);
            MockResponse answer;
            try {
                answer = dispatcher.dispatch(recorded);
            } catch (RuntimeException e) {
                fail(request.response(), e);
                return;
            }
            respond(request, recorded, answer);
            return;
        }
        Future<io.vertx.core.buffer.Buffer> body = hasBody(request) ? request.body() : Future.succeededFuture();
        body.compose(bytes -> {
            RecordedRequest recorded = recorded(request, bytes);
            return vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false)
                    .onSuccess(answer -> respond(request, recorded, answer));
        }).onFailure(failure -> fail(request.response(), failure));
    }

    private void respond(HttpServerRequest request, RecordedRequest recorded, MockResponse answer) {
        HttpServerResponse response = request.response();
        if (answer == null) {
            response.setStatusCode(405).end();
            return;
        }
        if (answer.getWebSocketListener() != null) {
            request.toWebSocket().onSuccess(new ServerWebSocketHandler(recorded, answer))
                    .onFailure(failure -> fail(response, failure));
            return;
        }
        response.setStatusCode(answer.code());
        answer.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
        Buffer answerBody = answer.getBody();
        if (answerBody == null || answerBody.size() == 0) {
            response.end();
        } else {
            response.end(io.vertx.core.buffer.Buffer.buffer(answerBody.getBytes()));
        }
    }

    private static RecordedRequest recorded(HttpServerRequest request, io.vertx.core.buffer.Buffer body) {
        return new RecordedRequest(request.version().alpnName().toUpperCase(java.util.Locale.ROOT),
                HttpMethod.fromVertx(request.method()), request.uri(),
                Headers.builder().addAll(request.headers()).build(),
                new Buffer(body == null ? null : body.getBytes()));
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && !length.isBlank()) {
            return !length.trim().equals("0");
        }
        return request.headers().contains("Content-Type") || request.headers().contains("Transfer-Encoding");
    }

    private static void fail(HttpServerResponse response, Throwable failure) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(500).putHeader("Content-Type", "application/json")
                .end(ApiStatus.failure(500, "InternalError", String.valueOf(failure.getMessage())));
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Closing the event loops below ends whatever the server still held.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            vertx.close();
        }
    }
}
