package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.catalog.persistence.EntityStore;
import dev.paved.catalog.persistence.FacetCount;
import dev.paved.catalog.persistence.ListedEntity;
import dev.paved.catalog.persistence.RelationRow;
import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** Reading the catalog: by ref, by refs, filtered lists, facets, graphs and the change feed. */
@ApplicationScoped
public class CatalogQueries {

    static final int MAX_REFS = 1000;
    static final int MAX_FACETS = 20;
    static final int MAX_FACET_VALUES = 1000;
    private static final String BEFORE = "before";
    private static final Pattern REF_PART = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]{0,62}");

    private final EntityStore store;
    private final ReadCache cache;
    private final ObjectMapper json;
    private final CatalogConfig config;

    public CatalogQueries(EntityStore store, ReadCache cache, ObjectMapper json, CatalogConfig config) {
        this.store = store;
        this.cache = cache;
        this.json = json;
        this.config = config;
    }

    /** Kind, namespace and name as a path or request gives them; a missing namespace means default. */
    public static EntityRef refOf(String kind, String namespace, String name) {
        String effectiveNamespace = namespace == null || namespace.isEmpty() ? EntityRef.DEFAULT_NAMESPACE : namespace;
        List<Violation> violations = new ArrayList<>();
        check("kind", kind, violations);
        check("namespace", effectiveNamespace, violations);
        check("name", name, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("INVALID_ENTITY_REF", "The entity reference is not valid.",
                    violations.toArray(Violation[]::new));
        }
        return new EntityRef(kind, effectiveNamespace, name);
    }

    private static void check(String part, String value, List<Violation> violations) {
        if (value == null || !REF_PART.matcher(value).matches()) {
            violations.add(Violation.parameter(part, "must be 1 to 63 letters, digits, '-', '_' or '.'"));
        }
    }

    public CatalogEntity get(EntityRef ref) {
        return orNotFound(cache.entity(ref.key(), key -> store.findByRefKeys(List.of(key)).stream().findFirst()), ref);
    }

    /** What the cache knows of the entity without touching the database: null when it does not know. */
    public Optional<CatalogEntity> cached(EntityRef ref) {
        return cache.peekEntity(ref.key());
    }

    public CatalogEntity orNotFound(Optional<CatalogEntity> entity, EntityRef ref) {
        return entity.orElseThrow(() -> ProblemException.notFound("ENTITY_NOT_FOUND",
                "No entity " + ref + " is in the catalog."));
    }

    /** One slot per ref, in the order asked, empty where the catalog has no such entity or the filter does not match it. */
    public List<Optional<CatalogEntity>> getByRefs(List<String> refs, FieldProjection fields, EntityFilter filter) {
        if (refs.size() > MAX_REFS) {
            throw ProblemException.badRequest("TOO_MANY_REFS", "At most " + MAX_REFS + " refs can be read at once.",
                    Violation.at("/entityRefs", "holds " + refs.size() + " refs; at most " + MAX_REFS));
        }
        List<String> keys = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            Optional<EntityRef> ref = EntityRef.parseFull(refs.get(i));
            if (ref.isEmpty()) {
                violations.add(Violation.at("/entityRefs/" + i, "must be an entity reference kind:namespace/name"));
                keys.add(null);
            } else {
                keys.add(ref.get().key());
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("INVALID_ENTITY_REF", "Some entity references are not valid.",
                    violations.toArray(Violation[]::new));
        }
        Map<String, CatalogEntity> found = new HashMap<>();
        for (CatalogEntity entity : store.findByRefKeys(new LinkedHashSet<>(keys), filter)) {
            found.put(entity.ref().key(), entity);
        }
        return keys.stream().map(key -> Optional.ofNullable(found.get(key)).map(entity -> project(entity, fields)))
                .toList();
    }

    /** A list request from its parameters as REST and gRPC give them; invalid parameters are refused here. */
    public static ListQuery listQuery(List<String> filters, String q, List<String> qFields, String order,
            List<String> fields, Integer limit, String cursor, boolean withTotal) {
        PageRequest page = PageRequest.of(limit, cursor);
        return new ListQuery(EntityFilter.parse(filters), TextQuery.parse(q, qFields), Ordering.parse(order),
                FieldProjection.parse(fields), page.limit(), page.isFirstPage() ? null : cursor, withTotal);
    }

    public EntityPage list(ListQuery query) {
        return cache.page(query, () -> load(query));
    }

    /** The page the cache holds for the query without touching the database: null when it holds none. */
    public EntityPage cachedList(ListQuery query) {
        return cache.peekPage(query);
    }

    /**
     * A next cursor holds the position of the last item of its page ({@code ref}, and {@code value} in
     * a field's order); a previous cursor holds the first item's position as {@code before}. The page
     * before a position is the page after it in the reversed order, turned round.
     */
    private EntityPage load(ListQuery query) {
        PageRequest page = PageRequest.of(query.limit(), query.cursor());
        Ordering ordering = query.ordering();
        String afterValue = null;
        String afterRef = null;
        boolean backward = false;
        if (!page.isFirstPage()) {
            Cursor cursor = page.cursor();
            if (!ordering.token().equals(cursor.key("order"))) {
                throw ProblemException.badRequest("INVALID_CURSOR",
                        "The cursor belongs to a list in another order.",
                        Violation.parameter("cursor", "was issued for order " + cursor.key("order")));
            }
            backward = cursor.has(BEFORE);
            afterRef = cursor.key(backward ? BEFORE : "ref");
            afterValue = ordering.isByRef() ? null : cursor.key("value");
        }
        List<ListedEntity> rows = store.list(query.filter(), query.text(), backward ? ordering.reversed() : ordering,
                afterValue, afterRef, page.limit() + 1);
        boolean more = rows.size() > page.limit();
        if (more) {
            rows = rows.subList(0, page.limit());
        }
        if (backward) {
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        String nextCursor = null;
        String prevCursor = null;
        if (!rows.isEmpty()) {
            // Going back, the page that was left lies ahead; going forward, anything behind a later page.
            if (backward || more) {
                nextCursor = position(ordering, "ref", rows.get(rows.size() - 1));
            }
            if (backward ? more : !page.isFirstPage()) {
                prevCursor = position(ordering, BEFORE, rows.get(0));
            }
        }
        Long total = query.withTotal() ? store.count(query.filter(), query.text()) : null;
        return new EntityPage(rows.stream().map(row -> project(row.entity(), query.fields())).toList(), nextCursor,
                prevCursor, total);
    }

    private static String position(Ordering ordering, String refKey, ListedEntity row) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("order", ordering.token());
        keys.put(refKey, row.refKey());
        if (!ordering.isByRef()) {
            keys.put("value", row.sortValue());
        }
        return Cursor.after(keys).encode();
    }

    public Map<String, List<FacetCount>> facets(List<String> facets, EntityFilter filter, TextQuery text) {
        if (facets == null || facets.isEmpty()) {
            throw ProblemException.badRequest("FACET_REQUIRED", "Name at least one field to count.",
                    Violation.parameter("facet", "is required, e.g. facet=spec.type"));
        }
        if (facets.size() > MAX_FACETS) {
            throw ProblemException.badRequest("TOO_MANY_FACETS", "At most " + MAX_FACETS + " facets at once.",
                    Violation.parameter("facet", "at most " + MAX_FACETS));
        }
        Map<String, List<FacetCount>> counts = new LinkedHashMap<>();
        for (String facet : facets) {
            String key = facet == null ? "" : facet.trim().toLowerCase(Locale.ROOT);
            if (!FieldPaths.isPath(key)) {
                throw ProblemException.badRequest("INVALID_FACET", "'" + facet + "' is not a field path.",
                        Violation.parameter("facet", "must be a dotted field path such as spec.type"));
            }
            counts.put(facet.trim(), store.facet(key, filter, text, MAX_FACET_VALUES));
        }
        return counts;
    }

    public EntityGraph graph(EntityRef root, int depth, Set<String> relationTypes) {
        int effectiveDepth = depth == 0 ? 1 : depth;
        if (effectiveDepth < 1 || effectiveDepth > config.maxGraphDepth()) {
            throw ProblemException.badRequest("INVALID_DEPTH", "depth must be between 1 and "
                    + config.maxGraphDepth() + ".", Violation.parameter("depth", "must be between 1 and "
                            + config.maxGraphDepth() + ", was " + depth));
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : relationTypes) {
            types.add(RelationType.named(type).map(RelationType::typeName).orElseThrow(() -> ProblemException
                    .badRequest("INVALID_RELATION_TYPE", "'" + type + "' is not a relation type.",
                            Violation.parameter("relation", "must be a relation type such as ownedBy or partOf"))));
        }
        CatalogEntity rootEntity = get(root);
        Map<String, String> displayRefs = new LinkedHashMap<>();
        displayRefs.put(root.key(), rootEntity.ref().toString());
        Set<String> frontier = Set.of(root.key());
        Map<String, EntityGraph.Edge> edges = new LinkedHashMap<>();
        boolean truncated = false;
        for (int level = 0; level < effectiveDepth && !frontier.isEmpty() && !truncated; level++) {
            Set<String> next = new LinkedHashSet<>();
            for (RelationRow row : store.relationsFrom(frontier)) {
                if (!types.isEmpty() && !types.contains(row.type())) {
                    continue;
                }
                edges.putIfAbsent(row.sourceKey() + " " + row.type() + " " + row.targetKey(),
                        new EntityGraph.Edge(displayRefs.get(row.sourceKey()), row.type(), row.targetRef()));
                if (!displayRefs.containsKey(row.targetKey())) {
                    if (displayRefs.size() >= config.maxGraphEntities()) {
                        truncated = true;
                        continue;
                    }
                    displayRefs.put(row.targetKey(), row.targetRef());
                    next.add(row.targetKey());
                }
            }
            frontier = next;
        }
        Map<String, CatalogEntity> found = new HashMap<>();
        for (CatalogEntity entity : store.findByRefKeys(displayRefs.keySet())) {
            found.put(entity.ref().key(), entity);
        }
        List<CatalogEntity> entities = displayRefs.keySet().stream().map(found::get)
                .filter(java.util.Objects::nonNull).toList();
        List<EntityGraph.Edge> reached = edges.values().stream()
                .filter(edge -> displayRefs.containsKey(edge.targetRef().toLowerCase(Locale.ROOT)))
                .toList();
        return new EntityGraph(rootEntity.ref().toString(), entities, reached, truncated);
    }

    public ChangePage changes(long since, Integer limit) {
        if (since < 0) {
            throw ProblemException.badRequest("INVALID_REVISION", "since must not be negative.",
                    Violation.parameter("since", "must be 0 or a revision"));
        }
        int effectiveLimit = PageRequest.of(limit, null).limit();
        long latest = store.latestCommittedRevision();
        var rows = store.changesSince(since, effectiveLimit, true);
        if (rows.isEmpty()) {
            return new ChangePage(rows, since, latest);
        }
        // Changes may commit between the two reads: the latest revision answered is never below the page's.
        long last = rows.get(rows.size() - 1).revision();
        return new ChangePage(rows, last, Math.max(latest, last));
    }

    private CatalogEntity project(CatalogEntity entity, FieldProjection fields) {
        if (fields.isAll()) {
            return entity;
        }
        try {
            ObjectNode full = (ObjectNode) json.readTree(entity.json());
            return entity.withJson(json.writeValueAsString(fields.apply(json, full)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored entity is not JSON", e);
        }
    }
}
