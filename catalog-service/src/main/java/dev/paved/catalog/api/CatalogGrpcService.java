package dev.paved.catalog.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangedRefs;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DeleteEntityResponse;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.EntitySlot;
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
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.api.catalog.v1.WatchRequest;
import dev.paved.api.common.v1.PageInfo;
import dev.paved.catalog.domain.CatalogEntity;
import dev.paved.catalog.domain.CatalogQueries;
import dev.paved.catalog.domain.CatalogWriter;
import dev.paved.catalog.domain.ChangeFeed;
import dev.paved.catalog.domain.ChangePage;
import dev.paved.catalog.domain.EntityFilter;
import dev.paved.catalog.domain.EntityGraph;
import dev.paved.catalog.domain.EntityPage;
import dev.paved.catalog.domain.EntityRef;
import dev.paved.catalog.domain.FieldProjection;
import dev.paved.catalog.domain.IngestOutcome;
import dev.paved.catalog.domain.ListQuery;
import dev.paved.catalog.domain.ReplaceOutcome;
import dev.paved.catalog.domain.TextQuery;
import dev.paved.catalog.domain.WriteResult;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.common.security.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * {@code paved.catalog.v1.CatalogService}: anyone signed in reads, writes are checked per entity by
 * the domain. Methods that touch the database run on worker threads; a read by ref that the cache
 * answers stays on the event loop, which is what makes reads by ref cheap.
 */
@GrpcService
public class CatalogGrpcService implements CatalogService {

    private final Callers callers;
    private final CatalogQueries queries;
    private final CatalogWriter writer;
    private final ChangeFeed feed;

    public CatalogGrpcService(Callers callers, CatalogQueries queries, CatalogWriter writer, ChangeFeed feed) {
        this.callers = callers;
        this.queries = queries;
        this.writer = writer;
        this.feed = feed;
    }

    @Override
    public Uni<Entity> getEntity(GetEntityRequest request) {
        return callers.currentAsync().chain(caller -> {
            EntityRef ref = CatalogQueries.refOf(request.getKind(), request.getNamespace(), request.getName());
            Optional<CatalogEntity> cached = queries.cached(ref);
            if (cached != null) {
                return Uni.createFrom().item(() -> CatalogProtos.entity(queries.orNotFound(cached, ref)));
            }
            return Uni.createFrom().item(() -> CatalogProtos.entity(queries.get(ref)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    @Override
    @Blocking
    public Uni<GetEntitiesByRefsResponse> getEntitiesByRefs(GetEntitiesByRefsRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            List<Optional<CatalogEntity>> found = queries.getByRefs(request.getRefsList(),
                    FieldProjection.parse(request.getFieldsList()), EntityFilter.parse(request.getFilterList()));
            GetEntitiesByRefsResponse.Builder response = GetEntitiesByRefsResponse.newBuilder();
            for (int i = 0; i < found.size(); i++) {
                EntitySlot.Builder slot = EntitySlot.newBuilder().setRef(request.getRefs(i));
                found.get(i).ifPresent(entity -> slot.setEntity(CatalogProtos.entity(entity)));
                response.addItems(slot);
            }
            return response.build();
        });
    }

    @Override
    public Uni<ListEntitiesResponse> listEntities(ListEntitiesRequest request) {
        return callers.currentAsync().chain(caller -> {
            ListQuery query = CatalogQueries.listQuery(request.getFilterList(), request.getQ(),
                    request.getQFieldsList(), request.getOrder(), request.getFieldsList(), request.getPage().getLimit(),
                    request.getPage().getCursor(), request.getIncludeTotal());
            EntityPage cached = queries.cachedList(query);
            if (cached != null) {
                return Uni.createFrom().item(() -> listResponse(cached));
            }
            return Uni.createFrom().item(() -> listResponse(queries.list(query)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private static ListEntitiesResponse listResponse(EntityPage page) {
        ListEntitiesResponse.Builder response = ListEntitiesResponse.newBuilder();
        page.items().forEach(entity -> response.addItems(CatalogProtos.entity(entity)));
        PageInfo.Builder info = PageInfo.newBuilder();
        if (page.nextCursor() != null) {
            info.setNextCursor(page.nextCursor());
        }
        if (page.prevCursor() != null) {
            response.setPrevCursor(page.prevCursor());
        }
        if (page.totalItems() != null) {
            response.setTotalItems(page.totalItems());
        }
        return response.setPage(info).build();
    }

    @Override
    @Blocking
    public Uni<UpsertResponse> upsert(UpsertRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            String location = request.getLocation().isEmpty() ? null : request.getLocation();
            IngestOutcome outcome = writer.ingest(caller, request.getBody(),
                    CatalogProtos.format(request.getFormat(), request.getBody()), request.getDryRun(), location);
            return UpsertResponse.newBuilder()
                    .addAllResults(outcome.results().stream().map(CatalogProtos::result).toList())
                    .addAllRemovedRefs(outcome.removedRefs())
                    .setDryRun(outcome.dryRun())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<Entity> replaceEntity(ReplaceEntityRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            EntityRef ref = CatalogQueries.refOf(request.getKind(), request.getNamespace(), request.getName());
            ReplaceOutcome outcome = writer.replace(caller, ref, emptyToNull(request.getIfMatch()), request.getBody(),
                    CatalogProtos.format(request.getFormat(), request.getBody()), request.getDryRun());
            if (request.getDryRun()) {
                WriteResult result = outcome.result();
                Entity.Builder preview = Entity.newBuilder().setKind(ref.kind()).setNamespace(ref.namespace())
                        .setName(ref.name()).setJson(outcome.descriptorJson());
                if (result.uid() != null) {
                    preview.setUid(result.uid().toString()).setEtag(result.etag());
                }
                return preview.build();
            }
            return CatalogProtos.entity(queries.get(ref));
        });
    }

    @Override
    @Blocking
    public Uni<DeleteEntityResponse> deleteEntity(DeleteEntityRequest request) {
        return Uni.createFrom().item(() -> {
            Caller caller = callers.current();
            EntityRef ref = CatalogQueries.refOf(request.getKind(), request.getNamespace(), request.getName());
            WriteResult result = writer.delete(caller, ref, emptyToNull(request.getIfMatch()), request.getDryRun());
            return DeleteEntityResponse.newBuilder().setRef(result.ref()).setRevision(result.revision()).build();
        });
    }

    @Override
    @Blocking
    public Uni<FacetsResponse> facets(FacetsRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            return FacetsResponse.newBuilder()
                    .addAllFacets(CatalogProtos.facets(queries.facets(request.getFacetList(),
                            EntityFilter.parse(request.getFilterList()), TextQuery.parse(request.getQ()))))
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<GraphResponse> graph(GraphRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            EntityRef ref = CatalogQueries.refOf(request.getKind(), request.getNamespace(), request.getName());
            EntityGraph graph = queries.graph(ref, request.getDepth(),
                    new java.util.LinkedHashSet<>(request.getRelationTypesList()));
            return GraphResponse.newBuilder()
                    .setRootRef(graph.rootRef())
                    .addAllEntities(graph.entities().stream().map(CatalogProtos::entity).toList())
                    .addAllEdges(graph.edges().stream().map(edge -> GraphEdge.newBuilder()
                            .setSourceRef(edge.sourceRef()).setType(edge.type()).setTargetRef(edge.targetRef())
                            .build()).toList())
                    .setTruncated(graph.truncated())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<ChangesResponse> changes(ChangesRequest request) {
        return Uni.createFrom().item(() -> {
            callers.current();
            ChangePage page = queries.changes(request.getSince(), request.getLimit());
            return ChangesResponse.newBuilder()
                    .addAllChanges(page.changes().stream().map(CatalogProtos::change).toList())
                    .setLastRevision(page.lastRevision())
                    .setLatestRevision(page.latestRevision())
                    .build();
        });
    }

    @Override
    @Blocking
    public Multi<Change> watch(WatchRequest request) {
        return feedFrom(request.getSince(), emitter -> feed.watch(request.getSince(), !request.getRefsOnly(),
                row -> emitter.emit(CatalogProtos.change(row)), emitter::fail));
    }

    @Override
    @Blocking
    public Multi<ChangedRefs> watchRefs(WatchRefsRequest request) {
        return feedFrom(request.getSince(), emitter -> feed.watchPages(request.getSince(), false,
                page -> emitter.emit(CatalogProtos.changedRefs(page)), emitter::fail));
    }

    /**
     * A watch of the feed after a revision, for any signed-in caller, from 0 or a later revision; the
     * subscription ends when the stream does.
     */
    private <T> Multi<T> feedFrom(long since, Function<MultiEmitter<? super T>, ChangeFeed.Subscription> subscribe) {
        return Multi.createFrom().deferred(() -> {
            callers.current();
            if (since < 0) {
                throw ProblemException.badRequest("INVALID_REVISION", "since must not be negative.",
                        Violation.parameter("since", "must be 0 or a revision"));
            }
            return Multi.createFrom().<T>emitter(emitter -> emitter.onTermination(subscribe.apply(emitter)::close));
        });
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
