package dev.paved.testing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OciRegistryServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static OciRegistryServer registry;

    @BeforeAll
    static void start() {
        registry = OciRegistryServer.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listensOnALoopbackPort() {
        assertTrue(registry.host().matches("127\\.0\\.0\\.1:\\d+"), registry.host());
    }

    @Test
    void aPushedTagAnswersTheDigestPushReturned() throws Exception {
        String digest = registry.push("team/shop", "1.0.0");

        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(manifest("team/shop", "1.0.0"))
                .header("Accept", OciRegistryServer.OCI_MANIFEST)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(200, head.statusCode());
        assertEquals(digest, head.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
    }

    @Test
    void theManifestIsServedByDigestWithTheContentItIsNamedFor() throws Exception {
        String digest = registry.push("team/api", "2.0.0");

        HttpResponse<byte[]> byDigest = HTTP.send(HttpRequest.newBuilder(manifest("team/api", digest))
                .header("Accept", OciRegistryServer.OCI_MANIFEST).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, byDigest.statusCode());
        assertEquals(digest, OciRegistryServer.digest(byDigest.body()));
        assertTrue(new String(byDigest.body(), StandardCharsets.UTF_8).contains(OciRegistryServer.OCI_MANIFEST));
    }

    @Test
    void pushingATagAgainMovesItToANewDigest() throws Exception {
        String first = registry.push("team/worker", "stable");
        String second = registry.push("team/worker", "stable");

        assertNotEquals(first, second);
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(manifest("team/worker", "stable"))
                .header("Accept", OciRegistryServer.OCI_MANIFEST)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(second, head.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void anUnknownTagIsNotFound() throws Exception {
        registry.push("team/known", "1.0.0");

        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(manifest("team/known", "9.9.9"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(404, head.statusCode());
    }

    @Test
    void closingStopsTheRegistry() {
        OciRegistryServer own = OciRegistryServer.start();
        URI base = own.url().resolve("/v2/");

        own.close();

        assertThrows(IOException.class,
                () -> HTTP.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.discarding()));
    }

    private static URI manifest(String repository, String reference) {
        return registry.url().resolve("/v2/" + repository + "/manifests/" + reference);
    }
}
