package dev.paved.gateway.api.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangedRefs;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DeleteEntityResponse;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.EntitySlot;
import dev.paved.api.catalog.v1.Facet;
import dev.paved.api.catalog.v1.FacetValue;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.FacetsResponse;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsResponse;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GraphEdge;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.GraphResponse;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.catalog.v1.LocationServiceGrpc;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.UpsertResult;
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.api.common.v1.PageInfo;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in for catalog-service: canned answers, the last request and the authorization header it
 * received, and the problems catalog-service would send, so tests see exactly what the gateway forwards.
 * It implements {@code AsyncService} rather than extending the ImplBase: Quarkus would otherwise take
 * it for the gateway's own implementation of the service and drop the real one.
 */
public final class FakeCatalog implements CatalogServiceGrpc.AsyncService {

    public static final AtomicReference<Object> LAST_REQUEST = new AtomicReference<>();
    /** Every list request since the test began, in order. */
    public static final List<ListEntitiesRequest> LIST_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    public static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    static final AtomicReference<String> LAST_TRACEPARENT = new AtomicReference<>();
    /** The grpc-encoding the last request's messages came in, or null for none. */
    static final AtomicReference<String> LAST_ENCODING = new AtomicReference<>();
    static final String ETAG = "etag-1";
    /** The uid of the one entity a filter on metadata.uid finds. */
    public static final String KNOWN_UID = "6f1c2a5e-0c7b-4a53-9a7e-1d2b3c4d5e6f";
    /** The one entity that came from a Git location: FakeLocations' location, by its target. */
    public static final String LOCATED = "located";
    /** How many entities every list counts when asked to. */
    public static final long TOTAL = 12;
    /** A cursor the catalog did not issue, which it refuses. */
    public static final String FOREIGN_CURSOR = "not-a-catalog-cursor";

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
            Metadata.ASCII_STRING_MARSHALLER);
    private static Server server;

    public static synchronized void startOn(int port) {
        if (server != null) {
            return;
        }
        try {
            ServerInterceptor recorder = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                        ServerCallHandler<Q, R> next) {
                    LAST_AUTHORIZATION.set(headers.get(AUTHORIZATION));
                    LAST_TRACEPARENT.set(headers.get(TRACEPARENT));
                    LAST_ENCODING.set(headers.get(ENCODING));
                    return next.startCall(call, headers);
                }
            };
            server = ServerBuilder.forPort(port)
                    .addService(ServerInterceptors.intercept(CatalogServiceGrpc.bindService(new FakeCatalog()), recorder))
                    .addService(ServerInterceptors.intercept(LocationServiceGrpc.bindService(new FakeLocations()),
                            recorder))
                    .build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Entity entity(String name) {
        String annotations = name.equals(LOCATED) ? ",\"annotations\":{\"backstage.io/managed-by-location\":\"url:"
                + FakeLocations.TARGET + "\",\"backstage.io/managed-by-origin-location\":\"url:" + FakeLocations.TARGET
                + "\"}" : "";
        return Entity.newBuilder().setKind("Component").setNamespace("default").setName(name).setUid("uid-" + name)
                .setEtag(ETAG).setRevision(7)
                .setJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\""
                        + name + "\",\"namespace\":\"default\",\"uid\":\"uid-" + name + "\",\"etag\":\"" + ETAG
                        + "\"" + annotations + "},\"relations\":[]}")
                .build();
    }

    static <T> void fail(StreamObserver<T> response, int status, String code, String detail,
            Violation... errors) {
        response.onError(GrpcProblems.toStatus(Problem.of(status, code, detail, null, List.of(errors))));
    }

    @Override
    public void getEntity(GetEntityRequest request, StreamObserver<Entity> response) {
        LAST_REQUEST.set(request);
        if (request.getName().equals("missing")) {
            fail(response, 404, "ENTITY_NOT_FOUND", "No entity component:default/missing is in the catalog.");
            return;
        }
        response.onNext(entity(request.getName()));
        response.onCompleted();
    }

    @Override
    public void getEntitiesByRefs(GetEntitiesByRefsRequest request, StreamObserver<GetEntitiesByRefsResponse> response) {
        LAST_REQUEST.set(request);
        // As the catalog does: every ref that is not one, by its place in Paved's by-refs body.
        List<Violation> invalid = new ArrayList<>();
        for (int i = 0; i < request.getRefsCount(); i++) {
            if (!request.getRefs(i).contains(":")) {
                invalid.add(Violation.at("/entityRefs/" + i, "must be an entity reference kind:namespace/name"));
            }
        }
        if (!invalid.isEmpty()) {
            fail(response, 400, "INVALID_ENTITY_REF", "Some entity references are not valid.",
                    invalid.toArray(Violation[]::new));
            return;
        }
        GetEntitiesByRefsResponse.Builder answer = GetEntitiesByRefsResponse.newBuilder();
        for (String ref : request.getRefsList()) {
            EntitySlot.Builder slot = EntitySlot.newBuilder().setRef(ref);
            if (!ref.contains("missing")) {
                slot.setEntity(entity(ref.substring(ref.indexOf('/') + 1)));
            }
            answer.addItems(slot);
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void listEntities(ListEntitiesRequest request, StreamObserver<ListEntitiesResponse> response) {
        LAST_REQUEST.set(request);
        LIST_REQUESTS.add(request);
        if (request.getFilterList().contains("kind==component")) {
            fail(response, 400, "INVALID_FILTER", "The filter is not valid: 'kind==component' has no valid value.",
                    Violation.parameter("filter", "'kind==component' has no valid value"));
            return;
        }
        if (request.getPage().getCursor().equals(FOREIGN_CURSOR)) {
            fail(response, 400, "INVALID_CURSOR", "The cursor is not valid: it is not a cursor this API issued.",
                    Violation.parameter("cursor", "not a cursor from a previous page of this list"));
            return;
        }
        if (request.getFilterList().stream().anyMatch(filter -> filter.startsWith("metadata.uid="))) {
            ListEntitiesResponse.Builder found = ListEntitiesResponse.newBuilder();
            if (request.getFilterList().equals(List.of("metadata.uid=" + KNOWN_UID))) {
                found.addItems(entity("by-uid").toBuilder().setUid(KNOWN_UID));
            }
            response.onNext(found.build());
            response.onCompleted();
            return;
        }
        ListEntitiesResponse.Builder page = ListEntitiesResponse.newBuilder().addItems(entity("first"));
        if (request.getPage().getLimit() != 1) {
            page.addItems(entity("second"));
        }
        if (!request.getPage().getCursor().isEmpty()) {
            page.setPrevCursor("prev-page");
        }
        if (request.getIncludeTotal()) {
            page.setTotalItems(TOTAL);
        }
        response.onNext(page.setPage(PageInfo.newBuilder().setNextCursor("next-page")).build());
        response.onCompleted();
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> response) {
        LAST_REQUEST.set(request);
        if (request.getBody().contains("unowned")) {
            fail(response, 422, "INVALID_ENTITIES", "1 problem(s) in 1 document(s); nothing was written.",
                    Violation.at("/0/spec/owner", "is required"));
            return;
        }
        if (request.getBody().contains("foreign")) {
            fail(response, 403, "FORBIDDEN", "component:default/foreign belongs to group:default/others.");
            return;
        }
        if (request.getBody().contains("invalid")) {
            response.onError(GrpcProblems.toStatus(Problem.of(422, "INVALID_ENTITIES", "1 problem(s).", null,
                    List.of(Violation.at("/1/spec/owner", "is required")))));
            return;
        }
        response.onNext(UpsertResponse.newBuilder().setDryRun(request.getDryRun())
                .addResults(UpsertResult.newBuilder().setIndex(0).setRef("component:default/first")
                        .setAction(ChangeAction.CHANGE_ACTION_CREATED).setUid("uid-first").setEtag(ETAG).setRevision(9))
                .addRemovedRefs("component:default/gone").build());
        response.onCompleted();
    }

    @Override
    public void replaceEntity(ReplaceEntityRequest request, StreamObserver<Entity> response) {
        LAST_REQUEST.set(request);
        if (!request.getIfMatch().isEmpty() && !request.getIfMatch().equals(ETAG)) {
            fail(response, 412, "ETAG_MISMATCH", "component:default/" + request.getName() + " has changed.");
            return;
        }
        response.onNext(entity(request.getName()).toBuilder().setEtag("etag-2").build());
        response.onCompleted();
    }

    @Override
    public void deleteEntity(DeleteEntityRequest request, StreamObserver<DeleteEntityResponse> response) {
        LAST_REQUEST.set(request);
        response.onNext(DeleteEntityResponse.newBuilder().setRef("component:default/" + request.getName())
                .setRevision(10).build());
        response.onCompleted();
    }

    @Override
    public void facets(FacetsRequest request, StreamObserver<FacetsResponse> response) {
        LAST_REQUEST.set(request);
        response.onNext(FacetsResponse.newBuilder().addFacets(Facet.newBuilder().setField("spec.type")
                .addValues(FacetValue.newBuilder().setValue("service").setCount(8))
                .addValues(FacetValue.newBuilder().setValue("website").setCount(4))).build());
        response.onCompleted();
    }

    @Override
    public void graph(GraphRequest request, StreamObserver<GraphResponse> response) {
        LAST_REQUEST.set(request);
        response.onNext(GraphResponse.newBuilder().setRootRef("component:default/" + request.getName())
                .addEntities(entity(request.getName()))
                .addEdges(GraphEdge.newBuilder().setSourceRef("component:default/" + request.getName())
                        .setType("ownedBy").setTargetRef("group:default/team"))
                .build());
        response.onCompleted();
    }

    @Override
    public void changes(ChangesRequest request, StreamObserver<ChangesResponse> response) {
        LAST_REQUEST.set(request);
        response.onNext(ChangesResponse.newBuilder()
                .addChanges(change(request.getSince() + 1, true))
                .addChanges(change(request.getSince() + 2, false))
                .setLastRevision(request.getSince() + 2).build());
        response.onCompleted();
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<Change> response) {
        LAST_REQUEST.set(request);
        response.onNext(change(request.getSince() + 1, true));
        response.onNext(change(request.getSince() + 2, false));
        response.onCompleted();
    }

    @Override
    public void watchRefs(WatchRefsRequest request, StreamObserver<ChangedRefs> response) {
        LAST_REQUEST.set(request);
        response.onNext(ChangedRefs.newBuilder().addRefs("component:default/first").addRefs("component:default/second")
                .setLastRevision(request.getSince() + 2).build());
        response.onCompleted();
    }

    private static Change change(long revision, boolean upsert) {
        Change.Builder change = Change.newBuilder().setRevision(revision).setRef("component:default/first")
                .setUid("uid-first").setChangedAt("2026-01-01T00:00:00Z")
                .setType(upsert ? ChangeType.CHANGE_TYPE_UPSERTED : ChangeType.CHANGE_TYPE_DELETED);
        if (upsert) {
            change.setEntity(entity("first"));
        }
        return change.build();
    }
}
