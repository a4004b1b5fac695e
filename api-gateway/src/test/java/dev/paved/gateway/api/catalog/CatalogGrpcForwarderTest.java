package dev.paved.gateway.api.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangedRefs;
import dev.paved.api.catalog.v1.CreateLocationRequest;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GetLocationRequest;
import dev.paved.api.catalog.v1.LocationServiceGrpc;
import dev.paved.api.catalog.v1.LocationSync;
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.gateway.api.GatewayGrpc;
import dev.paved.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * paved.catalog.v1.CatalogService and LocationService on the gateway's gRPC endpoint go on to catalog-service
 * as the caller.
 */
@QuarkusTest
class CatalogGrpcForwarderTest extends CatalogGatewayTest {

    @TestHTTPResource("/")
    URL gateway;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = GatewayGrpc.open(gateway);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        GatewayGrpc.close(channel);
    }

    private CatalogServiceGrpc.CatalogServiceBlockingStub as(String token) {
        return CatalogServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(token))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private LocationServiceGrpc.LocationServiceBlockingStub locationsAs(String token) {
        return LocationServiceGrpc.newBlockingStub(channel).withInterceptors(GatewayGrpc.bearer(token))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void forwardsALocationRegistrationWithTheCallersToken() {
        String token = TestTokens.user("alice").team("payments").sign();

        LocationSync sync = locationsAs(token).createLocation(CreateLocationRequest.newBuilder()
                .setTarget(FakeLocations.TARGET).setOwner("payments").build());

        assertEquals(FakeLocations.ID, sync.getLocation().getId());
        assertEquals("Bearer " + token, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void passesTheLocationProblemBackAndRefusesLocationCallsWithoutAToken() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> locationsAs(
                TestTokens.user("bob").sign()).getLocation(GetLocationRequest.newBuilder().setId("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("LOCATION_NOT_FOUND", unknown.getTrailers().get(GrpcProblems.PROBLEM_TRAILER).getCode());

        FakeCatalog.LAST_REQUEST.set(null);
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                () -> locationsAs(null).getLocation(GetLocationRequest.newBuilder().setId(FakeLocations.ID).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void forwardsCallsWithTheCallersToken() {
        String token = TestTokens.user("bob").team("search").sign();

        var entity = as(token).getEntity(GetEntityRequest.newBuilder().setKind("component").setNamespace("default")
                .setName("checkout").build());

        assertEquals("checkout", entity.getName());
        assertEquals(FakeCatalog.entity("checkout").getJson(), entity.getJson());
        assertEquals("Bearer " + token, FakeCatalog.LAST_AUTHORIZATION.get());
    }

    @Test
    void passesTheCatalogsProblemBack() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> as(TestTokens.user("bob").sign()).getEntity(GetEntityRequest.newBuilder().setKind("component")
                        .setNamespace("default").setName("missing").build()));

        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
        assertEquals("ENTITY_NOT_FOUND", failure.getTrailers().get(GrpcProblems.PROBLEM_TRAILER).getCode());
    }

    @Test
    void refusesCallsWithoutAToken() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> as(null).getEntity(GetEntityRequest.newBuilder().setKind("component").setName("checkout").build()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
        assertNull(FakeCatalog.LAST_REQUEST.get());
    }

    @Test
    void streamsTheWatch() {
        List<Change> changes = new ArrayList<>();
        as(TestTokens.user("bob").sign()).watch(WatchRequest.newBuilder().setSince(5).build())
                .forEachRemaining(changes::add);

        assertEquals(List.of(6L, 7L), changes.stream().map(Change::getRevision).toList());
    }

    @Test
    void streamsTheWatchOfRefs() {
        List<ChangedRefs> changed = new ArrayList<>();
        as(TestTokens.user("bob").sign()).watchRefs(WatchRefsRequest.newBuilder().setSince(5).build())
                .forEachRemaining(changed::add);

        assertEquals(1, changed.size());
        assertEquals(List.of("component:default/first", "component:default/second"), changed.get(0).getRefsList());
        assertEquals(7L, changed.get(0).getLastRevision());
        assertEquals(WatchRefsRequest.newBuilder().setSince(5).build(), FakeCatalog.LAST_REQUEST.get());
    }
}
