package dev.paved.catalog.locations.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.DeleteLocationRequest;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.ListLocationsRequest;
import dev.paved.api.catalog.v1.Location;
import dev.paved.api.catalog.v1.LocationEntity;
import dev.paved.api.catalog.v1.LocationError;
import dev.paved.api.catalog.v1.LocationServiceGrpc;
import dev.paved.api.catalog.v1.LocationState;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.api.catalog.v1.RefreshLocationRequest;
import dev.paved.api.catalog.v1.UpdateLocationRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.common.v1.Problem;
import dev.paved.catalog.api.CatalogGrpcTest;
import dev.paved.catalog.locations.persistence.LocationStore;
import dev.paved.catalog.locations.worker.LocationScheduler;
import dev.paved.common.id.Ids;
import dev.paved.testing.TestTokens;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;

/** Git locations over gRPC, against bare repositories the tests create and commit to. */
@QuarkusTest
class LocationSyncTest extends CatalogGrpcTest {

    private static final String PAYMENTS = TestTokens.user("lena").team("loc-payments").sign();
    private static final String SEARCH = TestTokens.user("sam").team("loc-search").sign();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LocationScheduler scheduler;

    @Inject
    LocationStore store;

    private static LocationServiceGrpc.LocationServiceBlockingStub locations(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return LocationServiceGrpc.newBlockingStub(channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static LocationSync register(String token, String target, String owner) {
        return locations(token).createLocation(CreateLocationRequest.newBuilder().setTarget(target).setOwner(owner)
                .build());
    }

    private static LocationSync refresh(String token, String id) {
        return locations(token).refreshLocation(RefreshLocationRequest.newBuilder().setId(id).build());
    }

    private static LocationSync update(String token, String id, String target) {
        return locations(token).updateLocation(UpdateLocationRequest.newBuilder().setId(id).setTarget(target).build());
    }

    private static JsonNode entity(String kind, String name) {
        try {
            return JSON.readTree(get(kind, "default", name).getJson());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertGone(String kind, String name) {
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(GetEntityRequest.newBuilder()
                .setKind(kind).setNamespace("default").setName(name).build()));
    }

    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    private static String service(String name, String owner) {
        return component(name, owner, "");
    }

    private static List<String> codes(Location location) {
        return location.getErrorsList().stream().map(LocationError::getCode).toList();
    }

    @Test
    void keepsTheCatalogInStepWithFilesAddedChangedAndRemovedAcrossCommits() {
        GitFixture repo = GitFixture.create("steps");
        String first = repo.commit(files("catalog-info.yaml", service("st-cart", "loc-payments") + "---\n"
                + service("st-ledger", "loc-payments")));

        LocationSync created = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments");

        Location location = created.getLocation();
        assertEquals(LocationState.LOCATION_STATE_SYNCED, location.getState(), location.toString());
        assertEquals(first, location.getCommit());
        assertFalse(location.getLastSyncedAt().isEmpty());
        assertEquals(List.of(ChangeAction.CHANGE_ACTION_CREATED, ChangeAction.CHANGE_ACTION_CREATED),
                created.getEntitiesList().stream().map(LocationEntity::getAction).toList());
        JsonNode annotations = entity("Component", "st-cart").path("metadata").path("annotations");
        assertEquals("url:" + repo.target("catalog-info.yaml"),
                annotations.path("backstage.io/managed-by-location").asText());
        assertEquals("url:" + repo.target("catalog-info.yaml"),
                annotations.path("backstage.io/managed-by-origin-location").asText());

        String second = repo.commit(files("catalog-info.yaml", component("st-cart", "loc-payments",
                "system: checkout") + "---\n" + service("st-returns", "loc-payments")));
        LocationSync refreshed = refresh(PAYMENTS, location.getId());

        assertEquals(second, refreshed.getLocation().getCommit());
        assertEquals(List.of("component:default/st-ledger"), refreshed.getRemovedRefsList());
        assertEquals("checkout", entity("Component", "st-cart").path("spec").path("system").asText());
        assertEquals("st-returns", entity("Component", "st-returns").path("metadata").path("name").asText());
        assertGone("Component", "st-ledger");

        LocationSync unchanged = refresh(PAYMENTS, location.getId());
        assertTrue(unchanged.getEntitiesList().stream()
                .allMatch(e -> e.getAction() == ChangeAction.CHANGE_ACTION_UNCHANGED), unchanged.toString());
        assertTrue(unchanged.getRemovedRefsList().isEmpty());
    }

    @Test
    void recordsAMalformedFileAndAnInvalidEntityAndStillTakesEverythingElse() {
        GitFixture repo = GitFixture.create("broken");
        repo.commit(files(
                "catalog-info.yaml", service("mf-root", "loc-payments"),
                "svc-a/catalog-info.yaml", service("mf-a", "loc-payments"),
                "svc-b/catalog-info.yaml", service("mf-b", "loc-payments"),
                "docs/readme.md", "not a catalog file"));
        String id = register(PAYMENTS, repo.target("**/catalog-info.yaml"), "loc-payments").getLocation().getId();
        assertEquals("mf-b", entity("Component", "mf-b").path("metadata").path("name").asText());

        repo.commit(files(
                "svc-b/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: [unclosed\n",
                "svc-a/catalog-info.yaml", service("mf-a", "loc-payments") + "---\n"
                        + "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: mf-no-spec\n"
                        + "---\n" + service("mf-a2", "loc-payments")));
        Location location = refresh(PAYMENTS, id).getLocation();

        assertEquals(LocationState.LOCATION_STATE_SYNCED_WITH_ERRORS, location.getState());
        assertEquals(List.of("INVALID_ENTITY", "MALFORMED_FILE"), codes(location), location.toString());
        assertEquals("component:default/mf-no-spec", location.getErrors(0).getEntityRef());
        assertEquals("url:" + repo.target("svc-b/catalog-info.yaml"), location.getErrors(1).getFile());
        assertEquals("mf-a2", entity("Component", "mf-a2").path("metadata").path("name").asText());
        assertEquals("mf-root", entity("Component", "mf-root").path("metadata").path("name").asText());
        // The unreadable file's entity stays as it was until the file reads again, and says why.
        JsonNode problem = entity("Component", "mf-b").path("status").path("items").path(0);
        assertEquals("backstage.io/catalog-processing", problem.path("type").asText(), problem.toString());
        assertEquals("error", problem.path("level").asText());
        assertTrue(problem.path("message").asText().startsWith("url:" + repo.target("svc-b/catalog-info.yaml")),
                problem.toString());
        assertEquals(location, locations(SEARCH).getLocation(GetLocationRequest.newBuilder().setId(id).build()));

        repo.commit(files("svc-b/catalog-info.yaml", null));
        refresh(PAYMENTS, id);
        assertGone("Component", "mf-b");
    }

    @Test
    void followsLocationEntitiesToOtherFilesAndRepositoriesOnce() {
        GitFixture other = GitFixture.create("other");
        other.commit(files("catalog-info.yaml", service("fl-remote", "loc-payments")));
        GitFixture repo = GitFixture.create("root");
        repo.commit(files(
                "catalog-info.yaml", """
                        apiVersion: backstage.io/v1alpha1
                        kind: Location
                        metadata:
                          name: fl-root
                        spec:
                          targets:
                            - ./teams/payments.yaml
                            - ./catalog-info.yaml
                            - %s
                        """.formatted(other.target("catalog-info.yaml")),
                "teams/payments.yaml", service("fl-local", "loc-payments") + """
                        ---
                        apiVersion: backstage.io/v1alpha1
                        kind: Location
                        metadata:
                          name: fl-back
                        spec:
                          target: ../catalog-info.yaml
                        """));

        LocationSync sync = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments");

        assertEquals(LocationState.LOCATION_STATE_SYNCED, sync.getLocation().getState(), sync.toString());
        assertEquals(List.of("component:default/fl-local", "component:default/fl-remote"),
                sync.getEntitiesList().stream().map(LocationEntity::getRef).sorted().toList());
        JsonNode remote = entity("Component", "fl-remote").path("metadata").path("annotations");
        assertEquals("url:" + other.target("catalog-info.yaml"), remote.path("backstage.io/managed-by-location").asText());
        assertEquals("url:" + repo.target("catalog-info.yaml"),
                remote.path("backstage.io/managed-by-origin-location").asText());
        assertEquals("url:" + repo.target("teams/payments.yaml"), entity("Component", "fl-local").path("metadata")
                .path("annotations").path("backstage.io/managed-by-location").asText());
    }

    @Test
    void takesOnlyTheEntitiesTheOwnerTeamMayWriteAndRecordsTheOthers() {
        GitFixture repo = GitFixture.create("owners");
        repo.commit(files("catalog-info.yaml", service("ow-mine", "loc-payments") + "---\n"
                + service("ow-theirs", "loc-search")));

        Location location = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments").getLocation();

        assertEquals(List.of("ENTITY_NOT_OWNED"), codes(location));
        assertEquals("component:default/ow-theirs", location.getErrors(0).getEntityRef());
        assertEquals("ow-mine", entity("Component", "ow-mine").path("metadata").path("name").asText());
        assertGone("Component", "ow-theirs");

        repo.commit(files("catalog-info.yaml", service("ow-mine", "loc-search")));
        Location handedOver = refresh(PAYMENTS, location.getId()).getLocation();

        assertEquals(List.of("ENTITY_NOT_OWNED"), codes(handedOver));
        JsonNode kept = entity("Component", "ow-mine");
        assertEquals("loc-payments", kept.path("spec").path("owner").asText());
        assertTrue(kept.path("status").path("items").path(0).path("message").asText()
                .contains("would belong to group:default/loc-search"), kept.toString());

        repo.commit(files("catalog-info.yaml", service("ow-mine", "loc-payments")));
        assertEquals(LocationState.LOCATION_STATE_SYNCED, refresh(PAYMENTS, location.getId()).getLocation().getState());
        assertFalse(entity("Component", "ow-mine").path("status").toString().contains("catalog-processing"));
    }

    @Test
    void leavesAnEntityAnotherLocationManagesAndTakesARepeatedOneOnce() {
        GitFixture first = GitFixture.create("first-claim");
        first.commit(files("catalog-info.yaml", component("cf-shared", "loc-payments", "system: first")));
        register(PAYMENTS, first.target("catalog-info.yaml"), "loc-payments");
        GitFixture second = GitFixture.create("second-claim");
        second.commit(files("a.yaml", component("cf-shared", "loc-payments", "system: second"),
                "b.yaml", service("cf-twice", "loc-payments"), "c.yaml", service("cf-twice", "loc-payments")));

        Location location = register(PAYMENTS, second.target("*.yaml"), "loc-payments").getLocation();

        assertEquals(List.of("DUPLICATE_ENTITY", "LOCATION_CONFLICT"), codes(location), location.toString());
        assertEquals("url:" + second.target("c.yaml"), location.getErrors(0).getFile());
        assertEquals("component:default/cf-shared", location.getErrors(1).getEntityRef());
        assertEquals("first", entity("Component", "cf-shared").path("spec").path("system").asText());
        assertEquals("url:" + second.target("b.yaml"), entity("Component", "cf-twice").path("metadata")
                .path("annotations").path("backstage.io/managed-by-location").asText());
    }

    @Test
    void onlyTheOwnerTeamAndAdminsRegisterRefreshAndDelete() {
        GitFixture repo = GitFixture.create("rights");
        repo.commit(files("catalog-info.yaml", service("rt-service", "loc-payments")));
        String target = repo.target("catalog-info.yaml");

        failure(Status.Code.PERMISSION_DENIED, "LOCATION_OWNER_NOT_YOURS", () -> register(SEARCH, target, "loc-payments"));
        failure(Status.Code.INVALID_ARGUMENT, "LOCATION_OWNER_REQUIRED", () -> register(SEARCH, target, ""));
        String id = register(PAYMENTS, target, "loc-payments").getLocation().getId();

        failure(Status.Code.PERMISSION_DENIED, "LOCATION_NOT_OWNED", () -> refresh(SEARCH, id));
        failure(Status.Code.PERMISSION_DENIED, "LOCATION_NOT_OWNED",
                () -> locations(SEARCH).deleteLocation(DeleteLocationRequest.newBuilder().setId(id).build()));
        failure(Status.Code.ALREADY_EXISTS, "LOCATION_EXISTS", () -> register(ADMIN, target, ""));
        assertEquals(LocationState.LOCATION_STATE_SYNCED, refresh(ADMIN, id).getLocation().getState());
    }

    @Test
    void anUpdatedTargetReplacesTheEntitiesOfTheOldOneInOneStep() {
        GitFixture before = GitFixture.create("moving-from");
        before.commit(files("catalog-info.yaml", service("mv-kept", "loc-payments") + "---\n"
                + service("mv-dropped", "loc-payments")));
        Location registered = register(PAYMENTS, before.target("catalog-info.yaml"), "loc-payments").getLocation();
        GitFixture after = GitFixture.create("moving-to");
        String commit = after.commit(files("teams/catalog-info.yaml", component("mv-kept", "loc-payments",
                "system: moved") + "---\n" + service("mv-added", "loc-payments")));

        LocationSync updated = update(PAYMENTS, registered.getId(), after.target("teams/*.yaml"));

        Location location = updated.getLocation();
        assertEquals(registered.getId(), location.getId());
        assertEquals(after.target("teams/*.yaml"), location.getTarget());
        assertEquals("loc-payments", location.getOwner());
        assertEquals(LocationState.LOCATION_STATE_SYNCED, location.getState(), location.toString());
        assertEquals(commit, location.getCommit());
        assertEquals(List.of("component:default/mv-dropped"), updated.getRemovedRefsList());
        assertGone("Component", "mv-dropped");
        JsonNode kept = entity("Component", "mv-kept");
        assertEquals("moved", kept.path("spec").path("system").asText());
        assertEquals("url:" + after.target("teams/*.yaml"), kept.path("metadata").path("annotations")
                .path("backstage.io/managed-by-origin-location").asText());
        assertEquals("mv-added", entity("Component", "mv-added").path("metadata").path("name").asText());
        assertEquals(location.getId(), locations(PAYMENTS).listLocations(ListLocationsRequest.newBuilder()
                .setTarget(after.target("teams/*.yaml")).build()).getItems(0).getId());
        assertEquals(0, locations(PAYMENTS).listLocations(ListLocationsRequest.newBuilder()
                .setTarget(before.target("catalog-info.yaml")).build()).getItemsCount());

        // From then on the location follows its new target, and the entities it took are its own.
        after.commit(files("teams/catalog-info.yaml", service("mv-added", "loc-payments")));
        assertEquals(List.of("component:default/mv-kept"), refresh(PAYMENTS, location.getId()).getRemovedRefsList());
    }

    @Test
    void anUpdateToATargetThatCannotBeReadOrIsTakenChangesNothing() {
        GitFixture repo = GitFixture.create("staying");
        repo.commit(files("catalog-info.yaml", service("sy-service", "loc-payments")));
        String target = repo.target("catalog-info.yaml");
        String id = register(PAYMENTS, target, "loc-payments").getLocation().getId();
        GitFixture other = GitFixture.create("taken");
        other.commit(files("catalog-info.yaml", service("sy-other", "loc-payments")));
        String taken = other.target("catalog-info.yaml");
        register(PAYMENTS, taken, "loc-payments");

        Problem unreadable = failure(Status.Code.INVALID_ARGUMENT, "LOCATION_TARGET_UNREADABLE",
                () -> update(PAYMENTS, id, repo.url() + "/blob/release/catalog-info.yaml"));
        assertEquals(List.of("/target"), pointers(unreadable));
        assertTrue(unreadable.getErrors(0).getMessage().startsWith("REF_NOT_FOUND"), unreadable.toString());
        failure(Status.Code.ALREADY_EXISTS, "LOCATION_EXISTS", () -> update(PAYMENTS, id, taken));
        assertFalse(store.retarget(java.util.UUID.fromString(id), taken),
                "a target registered meanwhile is refused by the store as well");
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_TARGET", () -> update(PAYMENTS, id, repo.url() + "/tree/main"));
        failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_LOCATION_TYPE", () -> locations(PAYMENTS).updateLocation(
                UpdateLocationRequest.newBuilder().setId(id).setType("file").setTarget(taken).build()));
        failure(Status.Code.PERMISSION_DENIED, "LOCATION_NOT_OWNED", () -> update(SEARCH, id, taken));
        failure(Status.Code.NOT_FOUND, "LOCATION_NOT_FOUND", () -> update(PAYMENTS, Ids.newId().toString(), taken));

        Location unchanged = locations(PAYMENTS).getLocation(GetLocationRequest.newBuilder().setId(id).build());
        assertEquals(target, unchanged.getTarget());
        assertEquals(LocationState.LOCATION_STATE_SYNCED, unchanged.getState());
        assertEquals("url:" + target, entity("Component", "sy-service").path("metadata").path("annotations")
                .path("backstage.io/managed-by-origin-location").asText());
        assertEquals(LocationState.LOCATION_STATE_SYNCED, update(PAYMENTS, id, target).getLocation().getState(),
                "the same target is a refresh");
    }

    @Test
    void deletingALocationDeletesTheEntitiesItProduced() {
        GitFixture repo = GitFixture.create("deleted");
        repo.commit(files("a/catalog-info.yaml", service("dl-a", "loc-payments"),
                "b/catalog-info.yaml", service("dl-b", "loc-payments")));
        String id = register(PAYMENTS, repo.target("*/catalog-info.yaml"), "loc-payments").getLocation().getId();

        List<String> removed = locations(PAYMENTS).deleteLocation(DeleteLocationRequest.newBuilder().setId(id).build())
                .getRemovedRefsList();

        assertEquals(List.of("component:default/dl-a", "component:default/dl-b"), removed.stream().sorted().toList());
        assertGone("Component", "dl-a");
        assertGone("Component", "dl-b");
        failure(Status.Code.NOT_FOUND, "LOCATION_NOT_FOUND",
                () -> locations(PAYMENTS).getLocation(GetLocationRequest.newBuilder().setId(id).build()));
    }

    @Test
    void aDryRunAnswersTheEntitiesItWouldProduceAndStoresNothing() {
        GitFixture repo = GitFixture.create("dry");
        String commit = repo.commit(files("catalog-info.yaml", service("dr-service", "loc-payments")));
        String target = repo.target("catalog-info.yaml");

        LocationSync sync = locations(PAYMENTS).createLocation(CreateLocationRequest.newBuilder().setTarget(target)
                .setOwner("loc-payments").setDryRun(true).build());

        assertTrue(sync.getDryRun());
        assertEquals(commit, sync.getLocation().getCommit());
        assertTrue(sync.getLocation().getId().isEmpty());
        assertEquals(ChangeAction.CHANGE_ACTION_CREATED, sync.getEntities(0).getAction());
        assertTrue(sync.getEntities(0).getJson().contains("\"backstage.io/managed-by-origin-location\":\"url:" + target),
                sync.getEntities(0).getJson());
        assertGone("Component", "dr-service");
        assertEquals(LocationState.LOCATION_STATE_SYNCED, register(PAYMENTS, target, "loc-payments").getLocation()
                .getState());
    }

    @Test
    void refusesTargetsItCannotReadAndUnknownLocations() {
        failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_SCHEME",
                () -> register(ADMIN, "http://git.example.com/acme/shop/blob/main/catalog-info.yaml", ""));
        failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_SCHEME",
                () -> register(ADMIN, "ssh://git@example.com/acme/shop.git", ""));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_TARGET",
                () -> register(ADMIN, "https://github.com/acme/shop/tree/main", ""));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_TARGET",
                () -> register(ADMIN, "file:///etc/secrets.git/blob/main/catalog-info.yaml", ""));
        failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_LOCATION_TYPE", () -> locations(ADMIN).createLocation(
                CreateLocationRequest.newBuilder().setType("github-discovery").setTarget("https://github.com/acme")
                        .build()));
        failure(Status.Code.NOT_FOUND, "LOCATION_NOT_FOUND", () -> refresh(ADMIN, Ids.newId().toString()));
        failure(Status.Code.NOT_FOUND, "LOCATION_NOT_FOUND", () -> refresh(ADMIN, "not-an-id"));
    }

    @Test
    void refusesHttpsHostsOfItsOwnNetworkWhenNoHostIsListed() {
        for (String host : List.of("localhost", "127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "[fd00::1]")) {
            Problem refused = failure(Status.Code.INVALID_ARGUMENT, "INVALID_TARGET",
                    () -> register(ADMIN, "https://" + host + "/acme/shop/blob/main/catalog-info.yaml", ""));
            assertTrue(refused.getErrors(0).getMessage().contains("is not public"), refused.toString());
            assertEquals("/target", refused.getErrors(0).getPointer());
        }
    }

    @Test
    void aTargetThatCannotBeReadFailsTheSyncAndKeepsItsEntities() {
        GitFixture repo = GitFixture.create("vanishing");
        repo.commit(files("catalog-info.yaml", service("vn-service", "loc-payments")));
        String id = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments").getLocation().getId();
        GitFixture elsewhere = GitFixture.create("missing-branch");
        elsewhere.commit(files("catalog-info.yaml", service("vn-other", "loc-payments")));

        Location missingBranch = register(PAYMENTS, elsewhere.url() + "/blob/release/catalog-info.yaml",
                "loc-payments").getLocation();
        assertEquals(LocationState.LOCATION_STATE_FAILED, missingBranch.getState());
        assertEquals(List.of("REF_NOT_FOUND"), codes(missingBranch));

        repo.commit(files("catalog-info.yaml", null, "other.yaml", service("vn-next", "loc-payments")));
        Location fileGone = refresh(PAYMENTS, id).getLocation();
        assertEquals(List.of("FILE_NOT_FOUND"), codes(fileGone));
        assertGone("Component", "vn-service");
    }

    @Test
    void theSchedulerSyncsDueLocationsAndNoSyncRunsWhileAnotherHoldsTheLocation() {
        GitFixture repo = GitFixture.create("scheduled");
        repo.commit(files("catalog-info.yaml", service("sc-service", "loc-payments")));
        String id = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments").getLocation().getId();
        String next = repo.commit(files("catalog-info.yaml", component("sc-service", "loc-payments", "system: later")));

        // Every location of every test is due by then; each round syncs the longest due first.
        Location synced = locations(PAYMENTS).getLocation(GetLocationRequest.newBuilder().setId(id).build());
        for (int round = 0; round < 5 && !synced.getCommit().equals(next); round++) {
            assertTrue(scheduler.syncDue(Instant.now().plus(1, ChronoUnit.HOURS)) >= 1);
            synced = locations(PAYMENTS).getLocation(GetLocationRequest.newBuilder().setId(id).build());
        }

        assertEquals(next, synced.getCommit());
        assertEquals("later", entity("Component", "sc-service").path("spec").path("system").asText());
        assertTrue(Instant.parse(synced.getNextSyncAt()).isAfter(Instant.now().plus(4, ChronoUnit.MINUTES)));

        java.util.UUID claim = Ids.newId();
        assertTrue(store.claim(java.util.UUID.fromString(id), claim, java.time.Duration.ofMinutes(1)));
        try {
            failure(Status.Code.ALREADY_EXISTS, "LOCATION_BUSY", () -> refresh(PAYMENTS, id));
        } finally {
            store.release(java.util.UUID.fromString(id), claim);
        }
        assertEquals(LocationState.LOCATION_STATE_SYNCED, refresh(PAYMENTS, id).getLocation().getState());
    }

    @Test
    void listsLocationsPageByPage() {
        GitFixture repo = GitFixture.create("listed");
        repo.commit(files("a.yaml", service("ls-a", "loc-payments"), "b.yaml", service("ls-b", "loc-payments")));
        String a = register(PAYMENTS, repo.target("a.yaml"), "loc-payments").getLocation().getId();
        String b = register(PAYMENTS, repo.target("b.yaml"), "loc-payments").getLocation().getId();

        List<String> ids = new java.util.ArrayList<>();
        String cursor = "";
        do {
            var page = locations(SEARCH).listLocations(ListLocationsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setLimit(1).setCursor(cursor)).build());
            assertTrue(page.getItemsCount() <= 1);
            page.getItemsList().forEach(location -> ids.add(location.getId()));
            cursor = page.getPage().getNextCursor();
        } while (!cursor.isEmpty());

        assertTrue(ids.indexOf(a) >= 0 && ids.indexOf(a) < ids.indexOf(b), ids.toString());
    }

    @Test
    void findsTheLocationOfATargetAsItsEntitiesNameIt() {
        GitFixture repo = GitFixture.create("by-target");
        repo.commit(files("catalog-info.yaml", service("bt-a", "loc-payments")));
        String id = register(PAYMENTS, repo.target("catalog-info.yaml"), "loc-payments").getLocation().getId();
        String origin = entity("Component", "bt-a").path("metadata").path("annotations")
                .path("backstage.io/managed-by-origin-location").asText();

        var found = locations(SEARCH).listLocations(ListLocationsRequest.newBuilder()
                .setTarget(origin.substring("url:".length())).build());
        var other = locations(SEARCH).listLocations(ListLocationsRequest.newBuilder()
                .setTarget(repo.target("other.yaml")).build());
        var notATarget = locations(SEARCH).listLocations(ListLocationsRequest.newBuilder()
                .setTarget("not a target").build());

        assertEquals(List.of(id), found.getItemsList().stream().map(Location::getId).toList());
        assertEquals(0, other.getItemsCount());
        assertEquals(0, notATarget.getItemsCount());
    }
}
