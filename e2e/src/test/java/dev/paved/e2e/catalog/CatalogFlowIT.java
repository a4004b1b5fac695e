package dev.paved.e2e.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.e2e.EndToEndTest;
import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiException;
import dev.paved.sdk.ApiResponse;
import dev.paved.sdk.api.CatalogApi;
import dev.paved.sdk.model.CatalogChange;
import dev.paved.sdk.model.CatalogChangePage;
import dev.paved.sdk.model.CatalogEntity;
import dev.paved.sdk.model.CatalogEntityPage;
import dev.paved.sdk.model.CatalogIngestDocumentResult;
import dev.paved.sdk.model.CatalogIngestResult;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

/**
 * The catalog flow through the gateway, over gRPC and REST: ingest, query, update with If-Match,
 * delete, and the Watch stream seeing it all.
 */
@EndToEndTest
class CatalogFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ENTITIES = """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: e2e-payments
            spec:
              type: team
              children: []
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: e2e-checkout
              tags: [java]
            spec:
              type: service
              lifecycle: production
              owner: e2e-payments
            """;

    private static HttpResponse<String> send(PlatformUnderTest platform, String token, String method, String path,
            String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return platform.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ingestQueryUpdateDeleteAndWatch(PlatformUnderTest platform) throws Exception {
        String alice = platform.token(TokenSpec.user("alice").team("e2e-payments"));
        String bob = platform.token(TokenSpec.user("bob").team("e2e-search"));
        CatalogServiceGrpc.CatalogServiceBlockingStub catalog = CatalogServiceGrpc.newBlockingStub(platform.grpc())
                .withCallCredentials(PlatformUnderTest.bearer(alice)).withDeadlineAfter(60, TimeUnit.SECONDS);
        long from = latestRevision(catalog);

        BlockingQueue<Change> watched = new LinkedBlockingQueue<>();
        Context.CancellableContext watching = Context.current().withCancellation();
        watching.run(() -> CatalogServiceGrpc.newStub(platform.grpc()).withCallCredentials(PlatformUnderTest.bearer(alice))
                .watch(WatchRequest.newBuilder().setSince(from).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(Change change) {
                        watched.add(change);
                    }

                    @Override
                    public void onError(Throwable failure) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
        try {
            assertEquals(2, catalog.upsert(UpsertRequest.newBuilder().setBody(ENTITIES)
                    .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).build()).getResultsCount());

            HttpResponse<String> list = send(platform, alice, "GET",
                    "/api/v1/catalog/entities?filter=kind=component,metadata.tags.java,relations.ownedby=group:default/e2e-payments",
                    null);
            assertEquals(200, list.statusCode(), list.body());
            JsonNode items = JSON.readTree(list.body()).get("items");
            assertEquals(1, items.size());
            assertEquals("e2e-checkout", items.get(0).at("/metadata/name").asText());

            HttpResponse<String> read = send(platform, alice, "GET", "/api/v1/catalog/entities/component/default/e2e-checkout",
                    null);
            String etag = read.headers().firstValue("ETag").orElseThrow();
            String updated = ENTITIES.substring(ENTITIES.indexOf("apiVersion: backstage.io/v1alpha1\nkind: Component"))
                    .replace("lifecycle: production", "lifecycle: deprecated");
            HttpResponse<String> put = send(platform, alice, "PUT", "/api/v1/catalog/entities/component/default/e2e-checkout",
                    updated, "Content-Type", "application/yaml", "If-Match", etag);
            assertEquals(200, put.statusCode(), put.body());
            assertNotEquals(etag, put.headers().firstValue("ETag").orElseThrow());
            HttpResponse<String> stale = send(platform, alice, "PUT",
                    "/api/v1/catalog/entities/component/default/e2e-checkout", updated, "Content-Type", "application/yaml",
                    "If-Match", etag);
            assertEquals(412, stale.statusCode(), stale.body());

            assertEquals(403, send(platform, bob, "DELETE", "/api/v1/catalog/entities/component/default/e2e-checkout",
                    null).statusCode());
            assertEquals(204, send(platform, alice, "DELETE", "/api/v1/catalog/entities/component/default/e2e-checkout",
                    null).statusCode());
            assertEquals(404, send(platform, alice, "GET", "/api/v1/catalog/entities/component/default/e2e-checkout",
                    null).statusCode());

            Change deletion = awaitChange(watched, "component:default/e2e-checkout", ChangeType.CHANGE_TYPE_DELETED);
            assertNotNull(deletion);
            assertTrue(deletion.getRevision() > from);
        } finally {
            watching.cancel(null);
        }
    }

    @Test
    void ingestQueryUpdateDeleteAndFollowChangesThroughTheSdk(PlatformUnderTest platform) throws Exception {
        String carol = platform.token(TokenSpec.user("carol").team("e2e-billing"));
        String dave = platform.token(TokenSpec.user("dave").team("e2e-search"));
        CatalogApi catalog = new CatalogApi(platform.sdk(carol));
        long from = followChanges(catalog, 0).lastRevision();

        Map<String, Object> group = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Group",
                "metadata", Map.of("name", "e2e-billing"), "spec", Map.of("type", "team", "children", List.of()));
        Map<String, Object> component = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Component",
                "metadata", Map.of("name", "e2e-invoices", "tags", List.of("kotlin")),
                "spec", Map.of("type", "service", "lifecycle", "production", "owner", "e2e-billing"));
        CatalogIngestResult ingested = catalog.ingestCatalogEntities(List.of(group, component), false, null);
        assertEquals(List.of("group:default/e2e-billing", "component:default/e2e-invoices"),
                ingested.getResults().stream().map(CatalogIngestDocumentResult::getRef).toList());

        CatalogEntityPage listed = catalog.listCatalogEntities(null, List.of("metadata.name"),
                List.of("kind=component,metadata.tags.kotlin,relations.ownedby=group:default/e2e-billing"), 10, null, null);
        assertEquals(1, listed.getItems().size());
        assertEquals("e2e-invoices", listed.getItems().get(0).getMetadata().getName());
        assertNull(listed.getItems().get(0).getKind(), "only the fields asked for");
        assertNull(listed.getNextCursor(), "one page");

        ApiResponse<CatalogEntity> read = catalog.getCatalogEntityWithHttpInfo("component", "e2e-invoices", "default");
        CatalogEntity invoices = read.getData();
        assertEquals("e2e-invoices", invoices.getMetadata().getName());
        assertEquals("default", invoices.getMetadata().getNamespace());
        assertEquals(List.of("kotlin"), invoices.getMetadata().getTags());
        assertTrue(invoices.getRelations().stream().anyMatch(relation -> relation.getType().equals("ownedBy")
                && relation.getTargetRef().equals("group:default/e2e-billing")), invoices::toString);
        String etag = read.getHeaders().get("etag").get(0);
        assertEquals("\"" + invoices.getMetadata().getEtag() + "\"", etag);
        Map<String, Object> deprecated = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Component",
                "metadata", Map.of("name", "e2e-invoices", "tags", List.of("kotlin")),
                "spec", Map.of("type", "service", "lifecycle", "deprecated", "owner", "e2e-billing"));
        CatalogEntity replaced = catalog.replaceCatalogEntity("component", "e2e-invoices", "default", deprecated,
                false, etag);
        assertEquals("deprecated", replaced.getSpec().get("lifecycle"));
        assertNotEquals(invoices.getMetadata().getEtag(), replaced.getMetadata().getEtag());
        ApiException stale = assertThrows(ApiException.class,
                () -> catalog.replaceCatalogEntity("component", "e2e-invoices", "default", deprecated, false, etag));
        assertEquals(412, stale.getCode());

        ApiException forbidden = assertThrows(ApiException.class, () -> new CatalogApi(platform.sdk(dave))
                .deleteCatalogEntity("component", "e2e-invoices", "default", false, null));
        assertEquals(403, forbidden.getCode());
        catalog.deleteCatalogEntity("component", "e2e-invoices", "default", false, null);
        ApiException gone = assertThrows(ApiException.class,
                () -> catalog.getCatalogEntity("component", "e2e-invoices", "default"));
        assertEquals(404, gone.getCode());

        Map<String, CatalogChange> changes = followChanges(catalog, from).latestByRef();
        CatalogChange deletion = changes.get("component:default/e2e-invoices");
        assertEquals(CatalogChange.TypeEnum.DELETED, deletion.getType());
        assertNull(deletion.getEntity(), "a deletion carries no entity");
        CatalogChange upsert = changes.get("group:default/e2e-billing");
        assertEquals(CatalogChange.TypeEnum.UPSERTED, upsert.getType());
        assertEquals("e2e-billing", upsert.getEntity().getMetadata().getName());
    }

    private record FollowedChanges(long lastRevision, Map<String, CatalogChange> latestByRef) {
    }

    /** Reads the REST change feed from a revision to its end: the latest change of each ref. */
    private static FollowedChanges followChanges(CatalogApi catalog, long since) throws ApiException {
        Map<String, CatalogChange> latestByRef = new LinkedHashMap<>();
        long last = since;
        while (true) {
            CatalogChangePage page = catalog.getCatalogChanges(500, last);
            page.getItems().forEach(change -> latestByRef.put(change.getRef(), change));
            long next = page.getLastRevision();
            if (next == last) {
                return new FollowedChanges(last, latestByRef);
            }
            last = next;
        }
    }

    /** Reads the change feed to its end. */
    private static long latestRevision(CatalogServiceGrpc.CatalogServiceBlockingStub catalog) {
        long since = -1;
        long latest = 0;
        while (latest != since) {
            since = latest;
            latest = catalog.changes(ChangesRequest.newBuilder().setSince(since).setLimit(500).build()).getLastRevision();
        }
        return latest;
    }

    private static Change awaitChange(BlockingQueue<Change> watched, String ref, ChangeType type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Change change = watched.poll(1, TimeUnit.SECONDS);
            if (change != null && change.getRef().equals(ref) && change.getType() == type) {
                return change;
            }
        }
        throw new AssertionError("the watch did not report " + type + " of " + ref);
    }
}
