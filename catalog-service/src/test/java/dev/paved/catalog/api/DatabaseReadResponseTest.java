package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.common.web.RequestIds;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Reads that go to the database run on a worker thread, yet send their whole response (headers,
 * message, trailers) from the call's event loop, as cached reads do.
 */
@QuarkusTest
class DatabaseReadResponseTest extends CatalogGrpcTest {

    @Inject
    ResponseThreads threads;

    @Test
    void aReadByRefFromTheDatabaseAnswersFromTheEventLoop() {
        String name = "db-read-" + UUID.randomUUID().toString().substring(0, 8);
        // A write drops the entity from the read cache: the read below goes to the database.
        ingestYaml(component(name, "team-a", ""));
        String requestId = UUID.randomUUID().toString();

        Entity entity = withRequestId(requestId).getEntity(GetEntityRequest.newBuilder().setKind("Component")
                .setNamespace("default").setName(name).build());

        assertEquals(name, entity.getName());
        assertSentFromOneEventLoop(requestId, List.of("headers", "message", "trailers"));
    }

    @Test
    void aMissingEntityIsAnsweredFromTheEventLoopToo() {
        String requestId = UUID.randomUUID().toString();

        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> withRequestId(requestId).getEntity(
                GetEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                        .setName("never-" + UUID.randomUUID()).build()));

        assertSentFromOneEventLoop(requestId, List.of("trailers"));
    }

    @Test
    void aQueryFromTheDatabaseAnswersFromTheEventLoop() {
        String requestId = UUID.randomUUID().toString();

        ListEntitiesResponse page = withRequestId(requestId).listEntities(ListEntitiesRequest.newBuilder()
                .addFilter("kind=component,metadata.name=" + UUID.randomUUID()).build());

        assertEquals(0, page.getItemsCount());
        assertSentFromOneEventLoop(requestId, List.of("headers", "message", "trailers"));
    }

    private void assertSentFromOneEventLoop(String requestId, List<String> parts) {
        List<ResponseThreads.Sent> sent = threads.of(requestId);
        assertEquals(parts, sent.stream().map(ResponseThreads.Sent::part).toList(), sent.toString());
        assertTrue(sent.stream().allMatch(ResponseThreads.Sent::eventLoop), sent.toString());
        assertEquals(1, sent.stream().map(ResponseThreads.Sent::thread).distinct().count(), sent.toString());
    }

    private static CatalogServiceGrpc.CatalogServiceBlockingStub withRequestId(String requestId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN);
        headers.put(RequestIds.GRPC_KEY, requestId);
        return CatalogServiceGrpc.newBlockingStub(channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }
}
