package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

class InProcessApiDispatcherTest {

    private static final String COLLECTION = "/api/v1/namespaces/shop-dev/configmaps";
    private static final String OBJECT = COLLECTION + "/settings";

    /**
     * A real API server never answers 404 for an object that exists while it is being changed; a
     * reader that saw one would take the object for deleted (a controller re-creating it, a drift
     * check reporting it gone).
     */
    @Test
    void anObjectBeingChangedIsReadAsItWasOrAsItIsNeverAsMissing() {
        InProcessApiDispatcher dispatcher = new InProcessApiDispatcher();
        assertEquals(201, dispatcher.handleCreate(request(HttpMethod.POST, COLLECTION, "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\","
                        + "\"namespace\":\"shop-dev\"},\"data\":{\"round\":\"0\"}}")).code());

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger missing = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                reads.incrementAndGet();
                if (dispatcher.handleGet(OBJECT).code() == 404) {
                    missing.incrementAndGet();
                }
            }
        });
        for (int round = 1; round <= 20_000; round++) {
            dispatcher.handlePatch(request(HttpMethod.PATCH, OBJECT, "application/merge-patch+json",
                    "{\"data\":{\"round\":\"" + round + "\"}}"));
        }
        writing.set(false);
        reader.join();

        assertEquals(0, missing.get(), "reads that found no object, of " + reads.get());
        assertEquals(200, dispatcher.handleGet(OBJECT).code());
    }

    private static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", contentType).build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
