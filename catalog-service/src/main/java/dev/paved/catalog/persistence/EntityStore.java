package dev.paved.catalog.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.catalog.domain.CatalogEntity;
import dev.paved.catalog.domain.EntityFilter;
import dev.paved.catalog.domain.EntityRef;
import dev.paved.catalog.domain.IndexedFields;
import dev.paved.catalog.domain.Ordering;
import dev.paved.catalog.domain.RelationType;
import dev.paved.catalog.domain.TextQuery;
import dev.paved.common.id.Ids;
import io.agroal.api.AgroalDataSource;

/**
 * The catalog's bulk and query side, in SQL: writes of whole batches through {@code unnest} arrays
 * (one round trip per thousand rows), and the filtered, keyset-paged queries over the search keys.
 * Inside a transaction every call uses the transaction's connection.
 */
@ApplicationScoped
public class EntityStore {

    /** The advisory lock that serializes writers, so revisions commit in the order they were taken. */
    private static final long WRITE_LOCK = 0x7061766564L;
    private static final int CHUNK = 1000;
    private static final String ENTITY_COLUMNS = "e.kind, e.namespace, e.name, e.id, r.etag, r.revision, r.body";
    /** An entity row with its rendering: what a read serves. */
    private static final String SERVED = "catalog.entities e join catalog.renderings r on r.id = e.id";
    private static final String STATE_COLUMNS = "e.id, e.ref_key, e.kind, e.namespace, e.name, e.descriptor, r.etag, "
            + "e.owner_ref, e.location";
    private static final String RELATIONS_PREFIX = "relations.";
    /** Until the transaction ends, every statement is planned for its own arguments. */
    private static final String PLAN_FOR_ARGUMENTS = "set_config('plan_cache_mode', 'force_custom_plan', true)";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public EntityStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    // ---- reads

    public List<ListedEntity> list(EntityFilter filter, TextQuery text, Ordering ordering, String afterValue,
            String afterRef, int limit) {
        SqlBuilder sql = new SqlBuilder();
        sql.append("select " + ENTITY_COLUMNS + ", e.ref_key, ");
        sortValue(sql, ordering);
        sql.append(" as sort_value from " + SERVED + " where true");
        where(sql, filter, text);
        if (afterRef != null) {
            String comparison = ordering.descending() ? "<" : ">";
            if (ordering.isByRef()) {
                sql.append(" and e.ref_key " + comparison + " ?", afterRef);
            } else {
                sql.append(" and (");
                sortValue(sql, ordering);
                sql.append(", e.ref_key) " + comparison + " (?, ?)", afterValue, afterRef);
            }
        }
        String direction = ordering.descending() ? " desc" : "";
        sql.append(" order by ");
        if (!ordering.isByRef()) {
            sortValue(sql, ordering);
            sql.append(direction + ", ");
        }
        sql.append("e.ref_key" + direction + " limit ?", limit);
        return query(sql, rs -> new ListedEntity(entity(rs), rs.getString(8), rs.getString(9)));
    }

    /**
     * The value an entity sorts by: its first value of the field, as filters compare it. For a relation
     * type that is the least target, the first of the relations as rendered.
     */
    private static void sortValue(SqlBuilder sql, Ordering ordering) {
        if (ordering.isByRef()) {
            sql.append("e.ref_key");
            return;
        }
        String field = ordering.field();
        String column = rowColumn(field, true);
        Optional<RelationType> type = relationType(field);
        if (column != null) {
            sql.append(column);
        } else if (type.isPresent()) {
            sql.append("coalesce(least((select min(x.target_key) from catalog.relations x where x.source_key = e.ref_key "
                    + "and x.type = ?), (select min(x.source_key) from catalog.relations x where x.target_key = e.ref_key "
                    + "and x.type = ?)), '')", type.get().typeName(), type.get().inverse().typeName());
        } else if (field.startsWith(RELATIONS_PREFIX)) {
            sql.append("''");
        } else {
            sql.append("coalesce(e.search -> ?::text ->> 0, '')", field);
        }
    }

    public List<FacetCount> facet(String field, EntityFilter filter, TextQuery text, int limit) {
        SqlBuilder sql = new SqlBuilder();
        String column = rowColumn(field, false);
        Optional<RelationType> type = relationType(field);
        if (field.startsWith(RELATIONS_PREFIX) && type.isEmpty()) {
            return List.of();
        }
        if (type.isPresent()) {
            // The entity's relations of the type: those it declared and those declared towards it with the
            // inverse type. A relation declared from both sides is there twice; each entity counts once per target.
            sql.append("select min(x.other_ref) as value, count(distinct e.id) as entities from catalog.entities e "
                    + "join (select source_key as key, target_key as other_key, target_ref as other_ref "
                    + "from catalog.relations where type = ? union all select target_key, source_key, source_ref "
                    + "from catalog.relations where type = ?) x on x.key = e.ref_key where true",
                    type.get().typeName(), type.get().inverse().typeName());
            where(sql, filter, text);
            sql.append(" group by x.other_key");
        } else if (column != null) {
            sql.append("select " + column + " as value, count(*) as entities "
                    + "from catalog.entities e where true");
            where(sql, filter, text);
            sql.append(" group by 1");
        } else {
            sql.append("select v.value, count(*) as entities from catalog.entities e "
                    + "cross join lateral jsonb_array_elements_text(e.facet_values -> ?::text) as v(value) where true",
                    field);
            where(sql, filter, text);
            sql.append(" group by v.value");
        }
        sql.append(" order by entities desc, value limit ?", limit);
        return query(sql, rs -> new FacetCount(rs.getString(1), rs.getLong(2)));
    }

    /** How many entities match the filter and the text, over all pages. */
    public long count(EntityFilter filter, TextQuery text) {
        SqlBuilder sql = new SqlBuilder();
        sql.append("select count(*) from catalog.entities e where true");
        where(sql, filter, text);
        return query(sql, rs -> rs.getLong(1)).get(0);
    }

    /**
     * Relations of the given entities (by ref key), as rows from each of them: the rows they declared,
     * and the rows declared towards them read from their side, with the inverse type.
     */
    public List<RelationRow> relationsFrom(Collection<String> sourceKeys) {
        if (sourceKeys.isEmpty()) {
            return List.of();
        }
        TypedArray keys = textArray(sourceKeys);
        SqlBuilder sql = new SqlBuilder();
        sql.append("select origin_id, source_key, source_ref, type, target_key, target_ref, false from catalog.relations "
                + "where source_key = any(?) union all select origin_id, source_key, source_ref, type, target_key, "
                + "target_ref, true from catalog.relations where target_key = any(?)", keys, keys);
        return query(sql, rs -> {
            RelationRow row = new RelationRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6));
            return rs.getBoolean(7) ? row.inverse() : row;
        });
    }

    public List<CatalogEntity> findByRefKeys(Collection<String> refKeys) {
        return findByRefKeys(refKeys, EntityFilter.NONE);
    }

    /** The entities of the ref keys that the filter matches. */
    public List<CatalogEntity> findByRefKeys(Collection<String> refKeys, EntityFilter filter) {
        if (refKeys.isEmpty()) {
            return List.of();
        }
        SqlBuilder sql = new SqlBuilder().append("select " + ENTITY_COLUMNS + " from " + SERVED + " where ");
        equalsAnyOf(sql, "e.ref_key", refKeys);
        where(sql, filter, TextQuery.NONE);
        return query(sql, EntityStore::entity);
    }

    /** The changes after a revision, oldest first; without entities, only what names each change. */
    public List<ChangeRow> changesSince(long since, int limit, boolean withEntities) {
        SqlBuilder sql = new SqlBuilder();
        // Each side takes its first page by the revision index: ordering everything after `since` first
        // made reading a large backlog page by page quadratic.
        sql.append("select * from ((select r.revision, e.kind, e.namespace, e.name, e.id, r.etag, "
                + (withEntities ? "r.body" : "null") + ", r.updated_at, null as ref, false as deleted "
                + "from " + SERVED + " where r.revision > ? order by r.revision limit ?) "
                + "union all (select revision, null, null, null, uid, null, null, deleted_at, ref, true "
                + "from catalog.deletions where revision > ? order by revision limit ?)) changes "
                + "order by revision limit ?", since, limit, since, limit, limit);
        return query(sql, rs -> {
            long revision = rs.getLong(1);
            UUID uid = rs.getObject(5, UUID.class);
            OffsetDateTime at = rs.getObject(8, OffsetDateTime.class);
            if (rs.getBoolean(10)) {
                return new ChangeRow(revision, rs.getString(9), uid, at, true, null);
            }
            EntityRef ref = new EntityRef(rs.getString(2), rs.getString(3), rs.getString(4));
            CatalogEntity entity = withEntities ? new CatalogEntity(ref.kind(), ref.namespace(), ref.name(), uid,
                    rs.getString(6), revision, rs.getString(7)) : null;
            return new ChangeRow(revision, ref.toString(), uid, at, false, entity);
        });
    }

    public long latestRevision() {
        SqlBuilder sql = new SqlBuilder();
        sql.append("select case when is_called then last_value else 0 end from catalog.revisions");
        return query(sql, rs -> rs.getLong(1)).get(0);
    }

    /**
     * The revision of the latest committed change. Writers commit in revision order (see the advisory
     * lock), so every change that commits after this read has a higher revision.
     */
    public long latestCommittedRevision() {
        SqlBuilder sql = new SqlBuilder();
        sql.append("select greatest((select coalesce(max(revision), 0) from catalog.renderings), "
                + "(select coalesce(max(revision), 0) from catalog.deletions))");
        return query(sql, rs -> rs.getLong(1)).get(0);
    }

    public long count() {
        SqlBuilder sql = new SqlBuilder();
        sql.append("select count(*) from catalog.entities");
        return query(sql, rs -> rs.getLong(1)).get(0);
    }

    private void where(SqlBuilder sql, EntityFilter filter, TextQuery text) {
        if (!filter.isEmpty()) {
            sql.append(" and (");
            boolean firstSet = true;
            for (List<EntityFilter.Condition> set : filter.alternatives()) {
                sql.append(firstSet ? "(" : " or (");
                firstSet = false;
                boolean firstCondition = true;
                for (EntityFilter.Condition condition : set) {
                    sql.append(firstCondition ? "" : " and ");
                    firstCondition = false;
                    condition(sql, condition);
                }
                sql.append(")");
            }
            sql.append(")");
        }
        if (text.inFields()) {
            // The values of the named fields, scanned only for the rows the other conditions leave.
            List<String> searchKeys = new ArrayList<>();
            sql.append(" and (false");
            for (String field : text.fields()) {
                String column = rowColumn(field, true);
                if (column == null) {
                    searchKeys.add(field);
                } else {
                    sql.append(" or " + column + " like ?", text.toLikePattern());
                }
            }
            if (!searchKeys.isEmpty()) {
                sql.append(" or exists (select 1 from unnest(?::text[]) as field(key), "
                        + "jsonb_array_elements_text(coalesce(e.search -> field.key, '[]'::jsonb)) as found(value) "
                        + "where found.value like ?)", textArray(searchKeys), text.toLikePattern());
            }
            sql.append(")");
        } else if (!text.isEmpty()) {
            sql.append(" and e.text_vector @@ to_tsquery('simple', ?)", text.toTsQuery());
        }
    }

    private void condition(SqlBuilder sql, EntityFilter.Condition condition) {
        if (condition.key().startsWith(RELATIONS_PREFIX)) {
            relationCondition(sql, condition);
            return;
        }
        String column = rowColumn(condition.key(), true);
        if (condition.isExistence()) {
            if (column != null) {
                sql.append("true");
            } else {
                // `??` is PostgreSQL's `?` (key exists) operator, escaped for JDBC.
                sql.append("e.search ?? ?::text", condition.key());
            }
            return;
        }
        if (condition.key().equals("metadata.uid")) {
            List<UUID> ids = condition.values().stream().flatMap(value -> Ids.parse(value).stream()).toList();
            if (ids.isEmpty()) {
                sql.append("false");
            } else {
                sql.append("e.id = any(?)", uuidArray(ids));
            }
            return;
        }
        if (column != null) {
            equalsAnyOf(sql, column, condition.values());
            return;
        }
        sql.append("(");
        for (int i = 0; i < condition.values().size(); i++) {
            sql.append(i == 0 ? "" : " or ");
            sql.append("e.search @> ?::jsonb", containment(condition.key(), condition.values().get(i)));
        }
        sql.append(")");
    }

    /**
     * The column of the entity row that holds a key of {@link IndexedFields#ROW_COLUMN_KEYS}, as filters
     * compare it (lower case) or as the entity gives it; null for the keys the search document holds.
     */
    private static String rowColumn(String key, boolean lowerCase) {
        return switch (key) {
            case "kind" -> lowerCase ? "e.kind_key" : "e.kind";
            case "metadata.namespace" -> lowerCase ? "e.namespace_key" : "e.namespace";
            case "metadata.name" -> lowerCase ? "e.name_key" : "e.name";
            case "metadata.uid" -> "e.id::text";
            default -> null;
        };
    }

    /**
     * {@code relations.<type>=<ref>} from the relations table. A relation is stored once, as declared: an
     * entity has it if it declared the type towards the ref, or the ref declared the inverse type towards
     * it. Two index lookups (by target, by source), whatever the size of the catalog.
     */
    private static void relationCondition(SqlBuilder sql, EntityFilter.Condition condition) {
        Optional<RelationType> type = relationType(condition.key());
        if (type.isEmpty()) {
            sql.append("false");
        } else if (condition.isExistence()) {
            sql.append("(exists (select 1 from catalog.relations x where x.source_key = e.ref_key and x.type = ?) "
                    + "or exists (select 1 from catalog.relations x where x.target_key = e.ref_key and x.type = ?))",
                    type.get().typeName(), type.get().inverse().typeName());
        } else {
            TypedArray refs = textArray(condition.values());
            sql.append("e.ref_key in (select x.source_key from catalog.relations x where x.target_key = any(?) "
                    + "and x.type = ? union all select x.target_key from catalog.relations x where x.source_key = any(?) "
                    + "and x.type = ?)", refs, type.get().typeName(), refs, type.get().inverse().typeName());
        }
    }

    /** The relation type a {@code relations.<type>} key names; none for an unknown type or another key. */
    private static Optional<RelationType> relationType(String key) {
        return key.startsWith(RELATIONS_PREFIX) ? RelationType.named(key.substring(RELATIONS_PREFIX.length()))
                : Optional.empty();
    }

    /**
     * {@code column = ?} for one value, {@code column = any(?)} for several. One value as equality keeps
     * a (column, ref_key) index usable for the page order, and lets PostgreSQL serve it from a cached
     * generic plan: it costs the generic plan of {@code = any($1)} for an array of unknown length above
     * the one-value custom plans, so it would plan such a statement again on every execution.
     */
    private static SqlBuilder equalsAnyOf(SqlBuilder sql, String column, Collection<String> values) {
        if (values.size() == 1) {
            return sql.append(column + " = ?", values.iterator().next());
        }
        return sql.append(column + " = any(?)", textArray(values));
    }

    private String containment(String key, String value) {
        try {
            return json.writeValueAsString(Map.of(key, List.of(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- writes (inside the caller's transaction)

    /**
     * Takes the writers' lock and, until the transaction ends, plans each statement for its own
     * arguments: a generic plan of the bulk {@code ref_key = any(?)} lookups (1,000 keys), made while
     * the catalog held a few entities, kept scanning the whole table for each lookup once it held
     * 10,000 (1.7 s of the next 10,000-entity ingest), until an ANALYZE replaced it. Reads keep
     * PostgreSQL's default: planning a read by ref costs more than running it.
     */
    public void lockForWrite() {
        execute(new SqlBuilder().append("select pg_advisory_xact_lock(?), " + PLAN_FOR_ARGUMENTS, WRITE_LOCK));
    }

    /** The plans of {@link #lockForWrite()} without its lock, for a dry run's transaction. */
    public void planForArguments() {
        execute(new SqlBuilder().append("select " + PLAN_FOR_ARGUMENTS));
    }

    public Map<String, StoredState> statesByRefKey(Collection<String> refKeys) {
        Map<String, StoredState> states = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(refKeys))) {
            SqlBuilder sql = new SqlBuilder().append("select " + STATE_COLUMNS + " from " + SERVED
                    + " where e.ref_key = any(?)", textArray(chunk));
            for (StoredState state : query(sql, EntityStore::state)) {
                states.put(state.refKey(), state);
            }
        }
        return states;
    }

    public List<StoredRendering> renderingsByRefKey(Collection<String> refKeys) {
        List<StoredRendering> renderings = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(refKeys))) {
            renderings.addAll(query(new SqlBuilder().append("select e.id, e.ref_key, e.descriptor, r.body from " + SERVED
                    + " where e.ref_key = any(?)", textArray(chunk)), rs -> new StoredRendering(
                            rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4))));
        }
        return renderings;
    }

    public List<StoredState> statesAtLocation(String location) {
        return query(new SqlBuilder().append("select " + STATE_COLUMNS + " from " + SERVED + " where e.location = ?",
                location), EntityStore::state);
    }

    /** The entities registered by any of the locations. */
    public List<StoredState> statesAtLocations(Collection<String> locations) {
        List<StoredState> states = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(locations))) {
            states.addAll(query(new SqlBuilder().append("select " + STATE_COLUMNS + " from " + SERVED
                    + " where e.location = any(?)", textArray(chunk)), EntityStore::state));
        }
        return states;
    }

    public Set<String> existingRefKeys(Collection<String> refKeys) {
        Set<String> existing = new HashSet<>();
        for (List<String> chunk : chunks(new ArrayList<>(refKeys))) {
            existing.addAll(query(new SqlBuilder().append("select ref_key from catalog.entities where ref_key = any(?)",
                    textArray(chunk)), rs -> rs.getString(1)));
        }
        return existing;
    }

    /** The ref keys every given entity is related to, in either direction. */
    public Set<String> neighbours(Collection<String> refKeys) {
        Set<String> neighbours = new HashSet<>();
        for (List<String> chunk : chunks(new ArrayList<>(refKeys))) {
            TypedArray keys = textArray(chunk);
            neighbours.addAll(query(new SqlBuilder().append(
                    "select target_key from catalog.relations where source_key = any(?) union "
                            + "select source_key from catalog.relations where target_key = any(?)", keys, keys),
                    rs -> rs.getString(1)));
        }
        return neighbours;
    }

    /** Deletes the relations the entities (by ref key) declared: the rows whose source they are. */
    public void deleteRelationsOf(Collection<String> originKeys) {
        for (List<String> chunk : chunks(new ArrayList<>(originKeys))) {
            execute(new SqlBuilder().append("delete from catalog.relations where source_key = any(?)", textArray(chunk)));
        }
    }

    public void insertRelations(List<RelationRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String statement = "copy catalog.relations (origin_id, source_key, source_ref, type, target_key, target_ref) "
                + "from stdin";
        copyIn(statement, copy -> {
            for (RelationRow row : rows) {
                copy.uuid(row.originId()).text(row.sourceKey()).text(row.sourceRef()).text(row.type())
                        .text(row.targetKey()).text(row.targetRef()).endRow();
            }
        });
    }

    /**
     * Inserts entities that are not stored yet (the caller holds the write lock, so none can appear
     * meanwhile), with their renderings, streamed with COPY; answers each ref key's new revision. Each
     * item becomes its write only as it is streamed, so making the next one overlaps with PostgreSQL
     * inserting the ones before.
     */
    public <T> Map<String, Long> insert(List<T> items, Function<T, EntityWrite> toWrite) {
        if (items.isEmpty()) {
            return Map.of();
        }
        List<EntityWrite> writes = new ArrayList<>(items.size());
        copyIn("copy catalog.entities (id, ref_key, kind, namespace, name, kind_key, namespace_key, name_key, "
                + "descriptor, owner_ref, location, search, facet_values, full_text) from stdin", copy -> {
                    for (T item : items) {
                        EntityWrite write = toWrite.apply(item);
                        writes.add(write);
                        EntityRef ref = write.ref();
                        copy.uuid(write.id()).text(ref.key()).text(ref.kind()).text(ref.namespace()).text(ref.name())
                                .text(ref.kind().toLowerCase(Locale.ROOT)).text(ref.namespace().toLowerCase(Locale.ROOT))
                                .text(ref.name().toLowerCase(Locale.ROOT)).text(write.descriptor()).text(write.ownerRef())
                                .text(write.location()).text(write.indexed().search())
                                .text(write.indexed().facetValues()).text(write.indexed().fullText()).endRow();
                    }
                });
        long first = reserveRevisions(writes.size());
        Map<String, Long> revisions = new LinkedHashMap<>();
        copyIn("copy catalog.renderings (id, body, etag, revision) from stdin", copy -> {
            long revision = first;
            for (EntityWrite write : writes) {
                copy.uuid(write.id()).text(write.rendered().body()).text(write.rendered().etag()).number(revision)
                        .endRow();
                revisions.put(write.ref().key(), revision++);
            }
        });
        return revisions;
    }

    /** Takes the next {@code count} revisions at once; answers the first. */
    private long reserveRevisions(int count) {
        long last = query(new SqlBuilder().append("select setval('catalog.revisions', nextval('catalog.revisions') + ? - 1)",
                count), rs -> rs.getLong(1)).get(0);
        return last - count + 1;
    }

    /** Inserts or replaces the entities; answers each ref key's new revision. */
    public Map<String, Long> upsert(List<EntityWrite> writes) {
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (List<EntityWrite> chunk : chunks(writes)) {
            execute(new SqlBuilder().append("insert into catalog.entities (id, ref_key, kind, namespace, name, "
                    + "kind_key, namespace_key, name_key, descriptor, owner_ref, location, search, facet_values, "
                    + "full_text, created_at) "
                    + "select u.id, u.ref_key, u.kind, u.namespace, u.name, lower(u.kind), lower(u.namespace), "
                    + "lower(u.name), u.descriptor, u.owner_ref, u.location, u.search::jsonb, u.facet_values::jsonb, "
                    + "u.full_text, now() "
                    + "from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                    + "?::text[], ?::text[], ?::text[], ?::text[]) "
                    + "as u(id, ref_key, kind, namespace, name, descriptor, owner_ref, location, search, facet_values, "
                    + "full_text) "
                    + "on conflict (ref_key) do update set kind = excluded.kind, namespace = excluded.namespace, "
                    + "name = excluded.name, descriptor = excluded.descriptor, owner_ref = excluded.owner_ref, "
                    + "location = excluded.location, search = excluded.search, facet_values = excluded.facet_values, "
                    + "full_text = excluded.full_text",
                    uuidArray(chunk.stream().map(EntityWrite::id).toList()),
                    textArray(chunk.stream().map(write -> write.ref().key()).toList()),
                    textArray(chunk.stream().map(write -> write.ref().kind()).toList()),
                    textArray(chunk.stream().map(write -> write.ref().namespace()).toList()),
                    textArray(chunk.stream().map(write -> write.ref().name()).toList()),
                    textArray(chunk.stream().map(EntityWrite::descriptor).toList()),
                    textArray(chunk.stream().map(EntityWrite::ownerRef).toList()),
                    textArray(chunk.stream().map(EntityWrite::location).toList()),
                    textArray(chunk.stream().map(write -> write.indexed().search()).toList()),
                    textArray(chunk.stream().map(write -> write.indexed().facetValues()).toList()),
                    textArray(chunk.stream().map(write -> write.indexed().fullText()).toList())));
            Map<UUID, String> refKeys = new HashMap<>();
            chunk.forEach(write -> refKeys.put(write.id(), write.ref().key()));
            storeRenderings(chunk.stream().map(write -> new RenderUpdate(write.id(), write.rendered())).toList())
                    .forEach((id, revision) -> revisions.put(refKeys.get(id), revision));
        }
        return revisions;
    }

    /**
     * Stores new renderings of entities whose descriptor stayed: only their rendering rows change, not
     * the entity rows and their indexes. Answers the latest revision taken, 0 if none.
     */
    public long updateRendered(List<RenderUpdate> updates) {
        long latest = 0;
        for (List<RenderUpdate> chunk : chunks(updates)) {
            for (long revision : storeRenderings(chunk).values()) {
                latest = Math.max(latest, revision);
            }
        }
        return latest;
    }

    /** Inserts or replaces renderings (one chunk), each with the next revision; answers them by entity id. */
    private Map<UUID, Long> storeRenderings(List<RenderUpdate> chunk) {
        SqlBuilder sql = new SqlBuilder().append("insert into catalog.renderings (id, body, etag, revision, updated_at) "
                + "select u.id, u.body, u.etag, nextval('catalog.revisions'), now() "
                + "from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as u(id, body, etag, ord) "
                + "order by u.ord on conflict (id) do update set body = excluded.body, etag = excluded.etag, "
                + "revision = excluded.revision, updated_at = excluded.updated_at returning id, revision",
                uuidArray(chunk.stream().map(RenderUpdate::id).toList()),
                textArray(chunk.stream().map(update -> update.rendered().body()).toList()),
                textArray(chunk.stream().map(update -> update.rendered().etag()).toList()));
        Map<UUID, Long> revisions = new HashMap<>();
        for (Map.Entry<UUID, Long> revision : query(sql, EntityStore::revisionById)) {
            revisions.put(revision.getKey(), revision.getValue());
        }
        return revisions;
    }

    /** Deletes the entities and the relations they declared, leaving a tombstone for the change feed. */
    public Map<String, Long> delete(List<StoredState> states) {
        Map<String, Long> revisions = new LinkedHashMap<>();
        deleteRelationsOf(states.stream().map(StoredState::refKey).toList());
        for (List<StoredState> chunk : chunks(states)) {
            execute(new SqlBuilder().append("delete from catalog.entities where id = any(?)",
                    uuidArray(chunk.stream().map(StoredState::id).toList())));
            SqlBuilder tombstones = new SqlBuilder().append("insert into catalog.deletions (ref_key, ref, uid, "
                    + "revision, deleted_at) select u.ref_key, u.ref, u.uid, nextval('catalog.revisions'), now() "
                    + "from unnest(?::text[], ?::text[], ?::uuid[]) with ordinality as u(ref_key, ref, uid, ord) "
                    + "order by u.ord on conflict (ref_key) do update set ref = excluded.ref, uid = excluded.uid, "
                    + "revision = excluded.revision, deleted_at = excluded.deleted_at returning ref_key, revision",
                    textArray(chunk.stream().map(StoredState::refKey).toList()),
                    textArray(chunk.stream().map(state -> new EntityRef(state.kind(), state.namespace(), state.name())
                            .toString()).toList()),
                    uuidArray(chunk.stream().map(StoredState::id).toList()));
            for (Map.Entry<String, Long> revision : query(tombstones, EntityStore::revisionOf)) {
                revisions.put(revision.getKey(), revision.getValue());
            }
        }
        return revisions;
    }

    public void forgetDeletions(Collection<String> refKeys) {
        for (List<String> chunk : chunks(new ArrayList<>(refKeys))) {
            execute(new SqlBuilder().append("delete from catalog.deletions where ref_key = any(?)", textArray(chunk)));
        }
    }

    /** Wakes every replica's watchers once the transaction commits. */
    public void announce(long revision) {
        execute(new SqlBuilder().append("select pg_notify('" + ChangeListener.CHANNEL + "', ?)",
                Long.toString(revision)));
    }

    // ---- plumbing

    private static CatalogEntity entity(ResultSet rs) throws SQLException {
        return new CatalogEntity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getString(5), rs.getLong(6), rs.getString(7));
    }

    private static StoredState state(ResultSet rs) throws SQLException {
        return new StoredState(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private static Map.Entry<String, Long> revisionOf(ResultSet rs) throws SQLException {
        return Map.entry(rs.getString(1), rs.getLong(2));
    }

    private static Map.Entry<UUID, Long> revisionById(ResultSet rs) throws SQLException {
        return Map.entry(rs.getObject(1, UUID.class), rs.getLong(2));
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < items.size(); start += CHUNK) {
            chunks.add(items.subList(start, Math.min(items.size(), start + CHUNK)));
        }
        return chunks;
    }

    private static TypedArray textArray(Collection<String> values) {
        return new TypedArray("text", values.toArray(String[]::new));
    }

    private static TypedArray uuidArray(Collection<UUID> values) {
        return new TypedArray("uuid", values.toArray());
    }

    private <T> List<T> query(SqlBuilder sql, Jdbc.RowMapper<T> mapper) {
        return Jdbc.query(dataSource, sql::prepare, mapper);
    }

    private void copyIn(String copySql, Jdbc.RowWriter rows) {
        Jdbc.copyIn(dataSource, copySql, rows);
    }

    private void execute(SqlBuilder sql) {
        Jdbc.update(dataSource, sql::prepare);
    }

    private record TypedArray(String type, Object[] values) {
    }

    /** SQL text and its parameters, appended together so they cannot drift apart. */
    private static final class SqlBuilder {

        private final StringBuilder text = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        SqlBuilder append(String fragment, Object... values) {
            text.append(fragment);
            parameters.addAll(java.util.Arrays.asList(values));
            return this;
        }

        PreparedStatement prepare(Connection connection) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(text.toString());
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof TypedArray array && array.values() instanceof String[] strings) {
                    // The driver binds a String[] in binary: no array literal to build and escape, which
                    // for a batch of descriptors was a fifth of the catalog's work in an ingest.
                    statement.setObject(i + 1, strings);
                } else if (value instanceof TypedArray array) {
                    Array sqlArray = connection.createArrayOf(array.type(), array.values());
                    statement.setArray(i + 1, sqlArray);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        }
    }
}
