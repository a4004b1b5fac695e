package dev.paved.gateway.api.catalog;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DeleteEntityResponse;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.FacetsResponse;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsResponse;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.GraphResponse;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.domain.CatalogReadCache;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.catalog.v1.CatalogService} on the gateway's gRPC endpoint: every call goes on to
 * catalog-service with the caller's token, which authorizes it; its answers and problems come back
 * unchanged. Writes evict the gateway's read cache once the catalog answered, as over REST.
 */
@GrpcService
public class CatalogGrpcForwarder implements CatalogService {

    private final CatalogService catalog;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReadCache cache;

    public CatalogGrpcForwarder(@GrpcClient("catalog") CatalogService catalog, OnBehalfOfCaller onBehalf,
            Callers callers, CatalogReadCache cache) {
        this.catalog = catalog;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.cache = cache;
    }

    private CatalogService upstream() {
        callers.current();
        return onBehalf.client(catalog);
    }

    @Override
    public Uni<Entity> getEntity(GetEntityRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getEntity(request));
    }

    @Override
    public Uni<GetEntitiesByRefsResponse> getEntitiesByRefs(GetEntitiesByRefsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getEntitiesByRefs(request));
    }

    @Override
    public Uni<ListEntitiesResponse> listEntities(ListEntitiesRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listEntities(request));
    }

    @Override
    public Uni<UpsertResponse> upsert(UpsertRequest request) {
        return Uni.createFrom().deferred(() -> upstream().upsert(request)).onTermination().invoke(cache::evictAll);
    }

    @Override
    public Uni<Entity> replaceEntity(ReplaceEntityRequest request) {
        return Uni.createFrom().deferred(() -> upstream().replaceEntity(request)).onTermination().invoke(cache::evictAll);
    }

    @Override
    public Uni<DeleteEntityResponse> deleteEntity(DeleteEntityRequest request) {
        return Uni.createFrom().deferred(() -> upstream().deleteEntity(request)).onTermination().invoke(cache::evictAll);
    }

    @Override
    public Uni<FacetsResponse> facets(FacetsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().facets(request));
    }

    @Override
    public Uni<GraphResponse> graph(GraphRequest request) {
        return Uni.createFrom().deferred(() -> upstream().graph(request));
    }

    @Override
    public Uni<ChangesResponse> changes(ChangesRequest request) {
        return Uni.createFrom().deferred(() -> upstream().changes(request));
    }

    @Override
    public Multi<Change> watch(WatchRequest request) {
        return Multi.createFrom().deferred(() -> upstream().watch(request));
    }
}
