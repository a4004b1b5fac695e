package dev.paved.e2e.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.e2e.EndToEndTest;
import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.PavedService;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiException;
import dev.paved.sdk.ApiResponse;
import dev.paved.sdk.api.CatalogApi;
import dev.paved.sdk.model.CatalogEntity;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The gateway answers reads by ref and queries from its cache while it follows the catalog's
 * changes: a change made behind its back (straight at catalog-service) reaches its readers, and a
 * write through it is read back at once.
 */
@EndToEndTest
class GatewayReadCacheIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String component(String name, String lifecycle) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: %s
                  owner: e2e-cache-team
                """.formatted(name, lifecycle);
    }

    private static HttpResponse<String> send(PlatformUnderTest platform, String token, String method, String path,
            String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/yaml");
        }
        return platform.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String lifecycleOf(CatalogApi catalog, String name) throws ApiException {
        return lifecycleOf(catalog.getCatalogEntity("component", name, "default"));
    }

    private static String lifecycleOf(CatalogEntity entity) {
        return (String) entity.getSpec().get("lifecycle");
    }

    private static double cacheHits(PlatformUnderTest platform) throws IOException, InterruptedException {
        return cacheHits(platform, "catalog_entities");
    }

    private static double cacheHits(PlatformUnderTest platform, String cache) throws IOException, InterruptedException {
        HttpResponse<String> metrics = platform.http().send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        Matcher hits = Pattern.compile("cache_gets_total\\{[^}]*cache=\"" + cache + "\"[^}]*result=\"hit\"[^}]*} ([0-9.E]+)")
                .matcher(metrics.body());
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }

    /** A write straight at catalog-service, behind the gateway's back: only its change stream tells it. */
    private static void atTheCatalogItself(PlatformUnderTest platform, String token,
            Consumer<CatalogServiceGrpc.CatalogServiceBlockingStub> write) {
        URI catalogUrl = platform.running().serviceUrls().get(PavedService.CATALOG);
        ManagedChannel direct = NettyChannelBuilder.forAddress(catalogUrl.getHost(), catalogUrl.getPort()).usePlaintext()
                .build();
        try {
            write.accept(CatalogServiceGrpc.newBlockingStub(direct).withCallCredentials(PlatformUnderTest.bearer(token))
                    .withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            direct.shutdownNow();
        }
    }

    private static void ingest(PlatformUnderTest platform, String token, String yaml) throws Exception {
        HttpResponse<String> ingested = send(platform, token, "POST", "/api/v1/catalog/entities", yaml);
        assertEquals(200, ingested.statusCode(), ingested.body());
    }

    /**
     * Reads the entity until the gateway answers it from its cache. The gateway follows the catalog
     * a moment after both are up; until then every read goes through, which is correct but not cached.
     */
    private static void readUntilCached(PlatformUnderTest platform, CatalogApi catalog, String name, String lifecycle)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double before = cacheHits(platform);
        while (cacheHits(platform) < before + 2 && System.nanoTime() < deadline) {
            assertEquals(lifecycle, lifecycleOf(catalog, name));
        }
        assertTrue(cacheHits(platform) >= before + 2, "reads by ref are answered from the gateway's cache");
    }

    @Test
    void repeatedReadsByRefAreAnsweredFromTheGatewayCache(PlatformUnderTest platform) throws Exception {
        String erin = platform.token(TokenSpec.user("erin").team("e2e-cache-team"));
        ingest(platform, erin, component("e2e-cached", "production"));

        readUntilCached(platform, new CatalogApi(platform.sdk(erin)), "e2e-cached", "production");
    }

    @Test
    void aChangeMadeStraightAtTheCatalogReachesReadsThroughTheGateway(PlatformUnderTest platform) throws Exception {
        String erin = platform.token(TokenSpec.user("erin").team("e2e-cache-team"));
        ingest(platform, erin, component("e2e-behind-the-back", "production"));
        CatalogApi catalog = new CatalogApi(platform.sdk(erin));
        readUntilCached(platform, catalog, "e2e-behind-the-back", "production");

        atTheCatalogItself(platform, erin, direct -> direct.replaceEntity(ReplaceEntityRequest.newBuilder()
                .setKind("Component").setNamespace("default").setName("e2e-behind-the-back")
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).setBody(component("e2e-behind-the-back", "deprecated"))
                .build()));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen = lifecycleOf(catalog, "e2e-behind-the-back");
        while (!seen.equals("deprecated") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = lifecycleOf(catalog, "e2e-behind-the-back");
        }
        assertEquals("deprecated", seen, "the catalog's change stream evicted the gateway's cached entity");
    }

    @Test
    void readsByRefOverGrpcShareTheGatewayCacheAndFollowTheCatalogsChanges(PlatformUnderTest platform)
            throws Exception {
        String erin = platform.token(TokenSpec.user("erin").team("e2e-cache-team"));
        ingest(platform, erin, component("e2e-grpc-cached", "production"));
        // No namespace: the catalog reads it as the default one, and so must the cache's key.
        GetEntityRequest byRef = GetEntityRequest.newBuilder().setKind("component").setName("e2e-grpc-cached").build();
        Supplier<String> grpcLifecycle = () -> {
            try {
                return JSON.readTree(CatalogServiceGrpc.newBlockingStub(platform.grpc())
                        .withCallCredentials(PlatformUnderTest.bearer(erin)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getEntity(byRef).getJson()).at("/spec/lifecycle").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double before = cacheHits(platform);
        while (cacheHits(platform) < before + 2 && System.nanoTime() < deadline) {
            assertEquals("production", grpcLifecycle.get());
        }
        assertTrue(cacheHits(platform) >= before + 2, "gRPC reads by ref are answered from the gateway's cache");

        atTheCatalogItself(platform, erin, direct -> direct.replaceEntity(ReplaceEntityRequest.newBuilder()
                .setKind("Component").setNamespace("default").setName("e2e-grpc-cached")
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).setBody(component("e2e-grpc-cached", "deprecated"))
                .build()));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen = grpcLifecycle.get();
        while (!seen.equals("deprecated") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = grpcLifecycle.get();
        }
        assertEquals("deprecated", seen, "the catalog's change stream evicted the entity gRPC readers were given");
    }

    @Test
    void aQueryThroughTheGatewaySeesAnEntityAddedStraightAtTheCatalog(PlatformUnderTest platform) throws Exception {
        String erin = platform.token(TokenSpec.user("erin").team("e2e-cache-team"));
        ingest(platform, erin, component("e2e-listed-first", "production"));
        CatalogApi catalog = new CatalogApi(platform.sdk(erin));
        readUntilCached(platform, catalog, "e2e-listed-first", "production");
        List<String> query = List.of("kind=component,metadata.name=e2e-listed-first",
                "kind=component,metadata.name=e2e-listed-second");
        // Any catalog change evicts every cached page, and the change of this test's own ingest (or of a
        // test before) may reach the gateway after the first query: query until two came from the cache.
        double pageHitsBefore = cacheHits(platform, "catalog_pages");
        long cachedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cacheHits(platform, "catalog_pages") < pageHitsBefore + 2 && System.nanoTime() < cachedBy) {
            assertEquals(List.of("e2e-listed-first"), namesOf(catalog, query));
        }
        assertTrue(cacheHits(platform, "catalog_pages") >= pageHitsBefore + 2, "repeated queries are answered from the cache");

        atTheCatalogItself(platform, erin, direct -> direct.upsert(UpsertRequest.newBuilder()
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).setBody(component("e2e-listed-second", "production"))
                .build()));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> names = namesOf(catalog, query);
        while (names.size() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            names = namesOf(catalog, query);
        }
        assertEquals(List.of("e2e-listed-first", "e2e-listed-second"), names,
                "the catalog's change stream evicted the gateway's cached page");
    }

    private static List<String> namesOf(CatalogApi catalog, List<String> filters) throws ApiException {
        return catalog.listCatalogEntities(null, null, filters, null, null, null).getItems().stream()
                .map(entity -> entity.getMetadata().getName()).toList();
    }

    @Test
    void aWriteThroughTheGatewayIsReadBackAtOnce(PlatformUnderTest platform) throws Exception {
        String erin = platform.token(TokenSpec.user("erin").team("e2e-cache-team"));
        ingest(platform, erin, component("e2e-read-your-write", "experimental"));
        String path = "/api/v1/catalog/entities/component/default/e2e-read-your-write";
        String[] lifecycles = { "production", "deprecated", "experimental", "production", "deprecated" };
        CatalogApi catalog = new CatalogApi(platform.sdk(erin));
        readUntilCached(platform, catalog, "e2e-read-your-write", "experimental");

        for (String lifecycle : lifecycles) {
            lifecycleOf(catalog, "e2e-read-your-write");
            HttpResponse<String> replaced = send(platform, erin, "PUT", path, component("e2e-read-your-write", lifecycle));
            assertEquals(200, replaced.statusCode(), replaced.body());

            ApiResponse<CatalogEntity> read = catalog.getCatalogEntityWithHttpInfo("component", "e2e-read-your-write",
                    "default");
            assertEquals(lifecycle, lifecycleOf(read.getData()));
            assertEquals(replaced.headers().firstValue("ETag").orElseThrow(), read.getHeaders().get("etag").get(0));
        }
        HttpResponse<String> deleted = send(platform, erin, "DELETE", path, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertNotEquals(200, send(platform, erin, "GET", path, null).statusCode(), "a deleted entity is not answered");
    }
}
