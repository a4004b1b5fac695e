package dev.paved.provisioning.deployments.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.paved.common.problem.ProblemException;
import dev.paved.provisioning.deployments.config.RegistriesConfig;
import dev.paved.testing.ConfigMappings;

/**
 * The registry answers Paved does not meet in docker-registry's default setup: token and basic
 * challenges, missing digest headers, failures and slowness, from a stub registry.
 */
class RegistryChallengesTest {

    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final String TOKEN = "token-for-team-app";
    private static final String MANIFEST = "{\"schemaVersion\":2}";

    private HttpServer server;
    private String host;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> acceptHeaders = new CopyOnWriteArrayList<>();
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private volatile Handler manifests;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        startOn("127.0.0.1");
    }

    private void startOn(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/v2/team/app/manifests/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            acceptHeaders.add(exchange.getRequestHeaders().getFirst("Accept"));
            manifests.handle(exchange);
        });
        server.createContext("/token", exchange -> {
            tokenQueries.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            if (!basic("robot", "s3cret").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of(), "");
                return;
            }
            respond(exchange, 200, Map.of("Content-Type", "application/json"), "{\"token\":\"" + TOKEN + "\"}");
        });
        server.start();
        host = address + ":" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesATokenWithTheConfiguredCredentialsWhenTheRegistryAsksForOne() {
        manifests = bearerProtected();

        assertEquals(DIGEST, digests(credentials("robot", "s3cret")).resolve(host + "/team/app:1.0"));
        assertEquals(List.of("service=stub-registry&scope=repository:team/app:pull"), tokenQueries);
        assertEquals(List.of("HEAD /v2/team/app/manifests/1.0", "HEAD /v2/team/app/manifests/1.0"), requests);
    }

    @Test
    void credentialsTheTokenServiceRefusesAreAnAuthFailure() {
        manifests = bearerProtected();

        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests(credentials("robot", "wrong")).resolve(host + "/team/app:1.0"));

        assertEquals(422, problem.status());
        assertEquals("REGISTRY_AUTH_FAILED", problem.code());
    }

    @Test
    void aTokenTheRegistryStillRefusesIsAnAuthFailureNotALoop() {
        manifests = exchange -> respond(exchange, 401, Map.of("WWW-Authenticate",
                "Bearer realm=\"http://" + host + "/token\",service=\"stub-registry\""), "");

        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests(credentials("robot", "s3cret")).resolve(host + "/team/app:1.0"));

        assertEquals("REGISTRY_AUTH_FAILED", problem.code());
        assertEquals(2, requests.size());
    }

    @Test
    void answersABasicChallengeWithTheConfiguredCredentials() {
        manifests = exchange -> {
            if (basic("robot", "s3cret").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 200, Map.of("Docker-Content-Digest", DIGEST), "");
            } else {
                respond(exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"stub\""), "");
            }
        };

        assertEquals(DIGEST, digests(credentials("robot", "s3cret")).resolve(host + "/team/app:1.0"));
        ProblemException refused = assertThrows(ProblemException.class,
                () -> digests(credentials("robot", "wrong")).resolve(host + "/team/app:1.0"));
        assertEquals("REGISTRY_AUTH_FAILED", refused.code());
        ProblemException none = assertThrows(ProblemException.class,
                () -> digests(Map.of()).resolve(host + "/team/app:1.0"));
        assertEquals("REGISTRY_AUTH_FAILED", none.code());
    }

    @Test
    void asksForIndexesAndManifestsOfBothFormats() {
        manifests = exchange -> respond(exchange, 200, Map.of("Docker-Content-Digest", DIGEST), "");

        digests(Map.of()).resolve(host + "/team/app:1.0");

        for (String mediaType : List.of("application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json")) {
            assertTrue(acceptHeaders.get(0).contains(mediaType), acceptHeaders.get(0));
        }
    }

    @Test
    void withoutADigestHeaderTheDigestIsThatOfTheManifestServed() throws Exception {
        manifests = exchange -> respond(exchange, 200, Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                MANIFEST);

        String expected = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, digests(Map.of()).resolve(host + "/team/app:1.0"));
        assertEquals(List.of("HEAD /v2/team/app/manifests/1.0", "GET /v2/team/app/manifests/1.0"), requests);
    }

    @Test
    void aFailingRegistryIsUnavailable() {
        for (int status : new int[] {500, 502, 503, 429}) {
            manifests = exchange -> respond(exchange, status, Map.of(), "");

            ProblemException problem = assertThrows(ProblemException.class,
                    () -> digests(Map.of()).resolve(host + "/team/app:1.0"));

            assertEquals(503, problem.status(), "HTTP " + status);
            assertEquals("REGISTRY_UNAVAILABLE", problem.code(), "HTTP " + status);
        }
    }

    @Test
    void aMalformedDigestIsNotPassedOn() {
        manifests = exchange -> respond(exchange, 200, Map.of("Docker-Content-Digest", "md5:abc"), "");

        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests(Map.of()).resolve(host + "/team/app:1.0"));

        assertEquals("REGISTRY_UNAVAILABLE", problem.code());
    }

    @Test
    void aRegistrySlowerThanTheRequestTimeoutIsUnavailable() {
        manifests = exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, Map.of("Docker-Content-Digest", DIGEST), "");
        };
        Map<String, String> properties = Map.of("paved.provisioning.registries.request-timeout", "200MS");

        long started = System.nanoTime();
        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests(properties).resolve(host + "/team/app:1.0"));

        assertEquals("REGISTRY_UNAVAILABLE", problem.code());
        assertTrue(System.nanoTime() - started < 1_500_000_000L, "gave up after the request timeout");
    }

    @Test
    void aRegistryConfiguredInsecureIsReachedOverPlainHttp() throws IOException {
        server.stop(0);
        // 127.0.0.2 is a loopback address Paved does not know as one: only configuration makes it plain HTTP.
        startOn("127.0.0.2");
        manifests = exchange -> respond(exchange, 200, Map.of("Docker-Content-Digest", DIGEST), "");

        ProblemException overHttps = assertThrows(ProblemException.class,
                () -> digests(Map.of()).resolve(host + "/team/app:1.0"));
        assertEquals("REGISTRY_UNAVAILABLE", overHttps.code());

        Map<String, String> insecure = Map.of("paved.provisioning.registries.hosts.\"" + host + "\".insecure", "true");
        assertEquals(DIGEST, digests(insecure).resolve(host + "/team/app:1.0"));
    }

    private Handler bearerProtected() {
        return exchange -> {
            if (("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 200, Map.of("Docker-Content-Digest", DIGEST), "");
            } else {
                respond(exchange, 401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\","
                        + "service=\"stub-registry\",scope=\"repository:team/app:pull\""), "");
            }
        };
    }

    private Map<String, String> credentials(String username, String password) {
        Map<String, String> properties = new HashMap<>();
        properties.put("paved.provisioning.registries.hosts.\"" + host + "\".username", username);
        properties.put("paved.provisioning.registries.hosts.\"" + host + "\".password", password);
        return properties;
    }

    private static RegistryDigests digests(Map<String, String> properties) {
        return new RegistryDigests(ConfigMappings.of(RegistriesConfig.class, properties));
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
