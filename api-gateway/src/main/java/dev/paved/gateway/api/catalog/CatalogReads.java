package dev.paved.gateway.api.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.EntitySlot;
import dev.paved.api.catalog.v1.Facet;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.domain.CatalogReadCache;
import dev.paved.gateway.domain.CatalogReadCache.CachedEntity;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * catalog-service as the gateway's REST APIs call it (Paved's own and Backstage's): on behalf of a
 * signed-in caller, who is authorized there, with reads answered from the gateway's
 * {@link CatalogReadCache} when it holds them (anyone signed in may read the catalog) and every write
 * evicting it.
 */
@ApplicationScoped
public class CatalogReads {

    private final CatalogService catalog;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final CatalogReadCache cache;

    public CatalogReads(@GrpcClient("catalog") CatalogService catalog, OnBehalfOfCaller onBehalf, Callers callers,
            CatalogReadCache cache) {
        this.catalog = catalog;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.cache = cache;
    }

    /** The catalog, called with the caller's token; refuses a caller who is not signed in. */
    public CatalogService catalog() {
        callers.current();
        return onBehalf.client(catalog);
    }

    /** One entity by kind, namespace and name, from the read cache when it holds it. */
    public Uni<CachedEntity> entity(String kind, String namespace, String name) {
        callers.current();
        String key = CatalogReadCache.keyOf(kind, namespace, name);
        CachedEntity cached = cache.peek(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long stamp = cache.stamp();
        return catalog().getEntity(GetEntityRequest.newBuilder().setKind(kind).setNamespace(namespace).setName(name)
                .build()).map(entity -> {
                    CachedEntity read = new CachedEntity(entity);
                    cache.keep(key, read, stamp);
                    return read;
                });
    }

    /** Entities by ref, in the order asked: {@code {"items": [entity or null, …]}}. */
    public Uni<String> byRefs(List<String> refs, List<String> fields, List<String> filter) {
        if (refs == null) {
            throw ProblemException.badRequest("ENTITY_REFS_REQUIRED", "Name the entities to read.",
                    Violation.at("/entityRefs", "is required"));
        }
        refuseNulls("INVALID_ENTITY_REF", "Some entity references are not valid.", "/entityRefs", refs,
                "must be an entity reference kind:namespace/name");
        GetEntitiesByRefsRequest.Builder request = GetEntitiesByRefsRequest.newBuilder().addAllRefs(refs)
                .addAllFilter(filter);
        if (fields != null) {
            refuseNulls("INVALID_FIELDS", "Some fields are not field paths.", "/fields", fields,
                    "must be a dotted field path such as metadata.name");
            request.addAllFields(fields);
        }
        return catalog().getEntitiesByRefs(request.build()).map(response -> {
            List<Entity> slots = new ArrayList<>(response.getItemsCount());
            for (EntitySlot slot : response.getItemsList()) {
                slots.add(slot.hasEntity() ? slot.getEntity() : null);
            }
            return CatalogJson.slots(slots);
        });
    }

    /** A JSON null in a list of strings of the body: gRPC's strings cannot carry it. */
    private static void refuseNulls(String code, String detail, String pointer, List<String> values, String message) {
        List<Violation> nulls = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                nulls.add(Violation.at(pointer + "/" + i, message));
            }
        }
        if (!nulls.isEmpty()) {
            throw ProblemException.badRequest(code, detail, nulls.toArray(Violation[]::new));
        }
    }

    /** Value counts, in the shape Paved's and Backstage's facets share. */
    public Uni<CatalogFeedResource.Facets> facets(FacetsRequest request) {
        return catalog().facets(request).map(response -> {
            Map<String, List<CatalogFeedResource.FacetCount>> facets = new LinkedHashMap<>();
            for (Facet counted : response.getFacetsList()) {
                facets.put(counted.getField(), counted.getValuesList().stream()
                        .map(value -> new CatalogFeedResource.FacetCount(value.getValue(), value.getCount())).toList());
            }
            return new CatalogFeedResource.Facets(facets);
        });
    }

    /**
     * An answer made of catalog reads, kept under a key that identifies it (equal keys, equal
     * answers) until the catalog changes.
     */
    public Uni<String> answer(Object key, Supplier<Uni<String>> read) {
        callers.current();
        String cached = cache.peekPage(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long stamp = cache.stamp();
        return read.get().invoke(answer -> cache.keepPage(key, answer, stamp));
    }

    /**
     * A write may have changed any entity's relations, and may have committed even when its answer
     * failed: the cache drops everything once the catalog answered, either way.
     */
    public <T> Uni<T> evictingAfter(Uni<T> write, boolean dryRun) {
        return dryRun ? write : write.onTermination().invoke(cache::evictAll);
    }
}
