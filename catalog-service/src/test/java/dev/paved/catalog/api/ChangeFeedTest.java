package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangedRefs;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;

/** The change feed and the Watch and WatchRefs streams resume from a revision. */
@QuarkusTest
class ChangeFeedTest extends CatalogGrpcTest {

    private static long latest() {
        long since = 0;
        ChangesResponse page;
        do {
            page = admin().changes(ChangesRequest.newBuilder().setSince(since).setLimit(500).build());
            since = page.getLastRevision();
        } while (page.getChangesCount() == 500);
        return since;
    }

    @Test
    void listsUpsertsAndDeletionsAfterARevision() {
        ingestYaml(group("feed-owners"));
        long since = latest();

        ingestYaml(component("feed-one", "feed-owners", ""));
        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                .setName("feed-one").build());

        ChangesResponse response = admin().changes(ChangesRequest.newBuilder().setSince(since).build());
        List<Change> changes = response.getChangesList();
        assertTrue(changes.stream().allMatch(change -> change.getRevision() > since));
        Change deletion = changes.stream().filter(change -> change.getRef().equals("component:default/feed-one"))
                .findFirst().orElseThrow();
        assertEquals(ChangeType.CHANGE_TYPE_DELETED, deletion.getType());
        assertFalse(deletion.hasEntity());
        Change group = changes.stream().filter(change -> change.getRef().equals("group:default/feed-owners"))
                .findFirst().orElseThrow();
        assertEquals(ChangeType.CHANGE_TYPE_UPSERTED, group.getType());
        assertFalse(group.getEntity().getJson().contains("feed-one"), "the group lost its ownerOf relation");
        assertEquals(changes.get(changes.size() - 1).getRevision(), response.getLastRevision());
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).getRevision() > changes.get(i - 1).getRevision());
        }
        assertEquals(0, admin().changes(ChangesRequest.newBuilder().setSince(response.getLastRevision()).build())
                .getChangesCount());
    }

    @Test
    void answersTheLatestCommittedRevisionWhateverPageItReturns() {
        ingestYaml(group("latest-owners"));
        long latest = latest();

        ChangesResponse fromStart = admin().changes(ChangesRequest.newBuilder().setSince(0).setLimit(1).build());
        assertEquals(latest, fromStart.getLatestRevision(), "a first page of one still names the latest change");
        assertTrue(fromStart.getLastRevision() < fromStart.getLatestRevision());
        assertEquals(latest, admin().changes(ChangesRequest.newBuilder().setSince(latest).build()).getLatestRevision());
        assertEquals(latest, admin().changes(ChangesRequest.newBuilder().setSince(Long.MAX_VALUE).build())
                .getLatestRevision(), "asking beyond the end is how a new watcher learns where to start");

        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Group").setNamespace("default")
                .setName("latest-owners").build());
        ChangesResponse afterDeletion = admin().changes(ChangesRequest.newBuilder().setSince(latest).build());
        assertEquals(afterDeletion.getLastRevision(), afterDeletion.getLatestRevision(), "a deletion is a change too");
        assertTrue(afterDeletion.getLatestRevision() > latest);
    }

    @Test
    void watchResumesFromARevisionAndStreamsNewChanges() throws InterruptedException {
        ingestYaml(group("watch-owners"));
        ingestYaml(component("watch-before", "watch-owners", ""));
        long since = latest() - 1;
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();
        Context.CancellableContext watching = watch(WatchRequest.newBuilder().setSince(since).build(), received);
        try {
            Change backlog = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(backlog, "the change after `since` arrives first");
            assertEquals(since + 1, backlog.getRevision());

            ingestYaml(component("watch-after", "watch-owners", ""));
            Change live = awaitRef(received, "component:default/watch-after");
            assertEquals(ChangeType.CHANGE_TYPE_UPSERTED, live.getType());
            assertEquals("watch-after", live.getEntity().getName());

            admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                    .setName("watch-after").build());
            Change deleted = awaitRef(received, "component:default/watch-after");
            assertEquals(ChangeType.CHANGE_TYPE_DELETED, deleted.getType());
            assertTrue(deleted.getRevision() > live.getRevision());
        } finally {
            watching.cancel(null);
        }
    }

    @Test
    void watchWithRefsOnlyNamesEachChangeWithoutItsEntity() throws InterruptedException {
        ingestYaml(group("refs-owners"));
        long since = latest();
        BlockingQueue<Change> received = new LinkedBlockingQueue<>();
        Context.CancellableContext watching = watch(WatchRequest.newBuilder().setSince(since).setRefsOnly(true).build(),
                received);
        try {
            UpsertResponse written = ingestYaml(component("refs-only", "refs-owners", ""));
            Change upserted = awaitRef(received, "component:default/refs-only");
            assertEquals(ChangeType.CHANGE_TYPE_UPSERTED, upserted.getType());
            assertEquals(written.getResults(0).getUid(), upserted.getUid());
            assertEquals(written.getResults(0).getRevision(), upserted.getRevision());
            assertFalse(upserted.getChangedAt().isEmpty());
            assertFalse(upserted.hasEntity(), "refs only: no entity");

            admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                    .setName("refs-only").build());
            Change deleted = awaitRef(received, "component:default/refs-only");
            assertEquals(ChangeType.CHANGE_TYPE_DELETED, deleted.getType());
            assertEquals(upserted.getUid(), deleted.getUid());
        } finally {
            watching.cancel(null);
        }
    }

    @Test
    void watchRefsSendsConsecutiveChangesInOneMessageInRevisionOrder() throws InterruptedException {
        ingestYaml(group("batch-owners"));
        long since = latest();
        ingestYaml(component("batch-a", "batch-owners", "") + "---\n"
                + component("batch-b", "batch-owners", "") + "---\n" + component("batch-c", "batch-owners", ""));
        BlockingQueue<ChangedRefs> received = new LinkedBlockingQueue<>();
        Context.CancellableContext watching = watching(() -> asyncAs(ADMIN)
                .watchRefs(WatchRefsRequest.newBuilder().setSince(since).build(), into(received)));
        try {
            ChangedRefs first = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(first, "the changes after the revision arrive");
            assertEquals(List.of("component:default/batch-a", "component:default/batch-b", "component:default/batch-c"),
                    first.getRefsList().stream().filter(ref -> ref.startsWith("component:default/batch-")).toList());
            assertEquals(latest(), first.getLastRevision(), "the revision of the last change it names");

            admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                    .setName("batch-b").build());
            ChangedRefs deleted = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(deleted, "a change after the watch began arrives as it happens");
            assertEquals(List.of("component:default/batch-b", "group:default/batch-owners"), deleted.getRefsList(),
                    "the deletion, then its owner's new rendering without the relation, committed together");
            assertTrue(deleted.getLastRevision() > first.getLastRevision());
        } finally {
            watching.cancel(null);
        }
    }

    @Test
    void watchRefsRefusesANegativeRevisionAndACallerWithoutAToken() {
        StatusRuntimeException negative = assertThrows(StatusRuntimeException.class,
                () -> admin().watchRefs(WatchRefsRequest.newBuilder().setSince(-1).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, negative.getStatus().getCode());
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                () -> as(null).watchRefs(WatchRefsRequest.newBuilder().setSince(0).build()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
    }

    private static Context.CancellableContext watch(WatchRequest request, BlockingQueue<Change> received) {
        return watching(() -> asyncAs(ADMIN).watch(request, into(received)));
    }

    /** Runs the call in a context of its own, whose cancellation ends the stream. */
    private static Context.CancellableContext watching(Runnable call) {
        Context.CancellableContext watching = Context.current().withCancellation();
        watching.run(call);
        return watching;
    }

    private static <T> StreamObserver<T> into(BlockingQueue<T> received) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T message) {
                received.add(message);
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static Change awaitRef(BlockingQueue<Change> received, String ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Change change = received.poll(1, TimeUnit.SECONDS);
            if (change != null && change.getRef().equals(ref)) {
                return change;
            }
        }
        throw new AssertionError("no change of " + ref + " arrived");
    }
}
