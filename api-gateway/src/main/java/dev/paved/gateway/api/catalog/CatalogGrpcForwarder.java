package dev.paved.gateway.api.catalog;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangedRefs;
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
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.domain.CatalogReadCache;
import dev.paved.gateway.domain.CatalogReadCache.CachedEntity;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.catalog.v1.CatalogService} on the gateway's gRPC endpoint: every call goes on to
 * catalog-service with the caller's token, which authorizes it; its answers and problems come back
 * unchanged. Reads by ref are answered from the gateway's read cache when it holds them, and writes
 * evict it once the catalog answered, as over REST.
 */
@GrpcService
public class CatalogGrpcForwarder implements CatalogService {

    private static final String DEFAULT_NAMESPACE = "default";

    private final CatalogService catalog;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReadCache cache;
    private final CatalogReads reads;

    public CatalogGrpcForwarder(@GrpcClient("catalog") CatalogService catalog, OnBehalfOfCaller onBehalf,
            Callers callers, CatalogReadCache cache, CatalogReads reads) {
        this.catalog = catalog;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.cache = cache;
        this.reads = reads;
    }

    private CatalogService upstream() {
        callers.current();
        return onBehalf.client(catalog);
    }

    @Override
    public Uni<Entity> getEntity(GetEntityRequest request) {
        // The catalog reads an empty namespace as the default one; the cache must key it as its changes name it.
        String namespace = request.getNamespace().isEmpty() ? DEFAULT_NAMESPACE : request.getNamespace();
        return Uni.createFrom().deferred(() -> reads.entity(request.getKind(), namespace, request.getName()))
                .map(CachedEntity::entity);
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

    @Override
    public Multi<ChangedRefs> watchRefs(WatchRefsRequest request) {
        return Multi.createFrom().deferred(() -> upstream().watchRefs(request));
    }
}
