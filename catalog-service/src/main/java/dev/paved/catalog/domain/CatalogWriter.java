package dev.paved.catalog.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.catalog.persistence.EntityStore;
import dev.paved.catalog.persistence.EntityWrite;
import dev.paved.catalog.persistence.RelationRow;
import dev.paved.catalog.persistence.RenderUpdate;
import dev.paved.catalog.persistence.StoredRendering;
import dev.paved.catalog.persistence.StoredState;
import dev.paved.common.id.Ids;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;

/**
 * Changing the catalog. Every write is all or nothing: the documents are parsed and validated, the
 * caller's right to each is checked, and only then one transaction (holding the catalog's write lock)
 * stores the entities, the relations they declare, and re-renders every entity whose
 * relations or unresolved references changed, each change taking the next revision.
 */
@ApplicationScoped
public class CatalogWriter {

    static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";
    static final String PROCESSING_STATUS = "backstage.io/catalog-processing";
    private static final Pattern LOCATION = Pattern.compile("[a-z0-9-]{1,32}:\\S{1,2000}");

    private final DocumentParser parser;
    private final EntityValidator validator;
    private final EntityRenderer renderer;
    private final CatalogAuthorization authorization;
    private final EntityStore store;
    private final ReadCache cache;
    private final TransactionSynchronizationRegistry transactions;
    private final ObjectMapper json;

    public CatalogWriter(DocumentParser parser, EntityValidator validator, EntityRenderer renderer,
            CatalogAuthorization authorization, EntityStore store, ReadCache cache,
            TransactionSynchronizationRegistry transactions, ObjectMapper json) {
        this.parser = parser;
        this.validator = validator;
        this.renderer = renderer;
        this.authorization = authorization;
        this.store = store;
        this.cache = cache;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Creates or updates every entity of the body. With a location, the location's previous set is
     * replaced: its entities that the body no longer lists are deleted.
     */
    @Transactional
    public IngestOutcome ingest(Caller caller, String body, BodyFormat format, boolean dryRun, String location) {
        if (location != null && !LOCATION.matcher(location).matches()) {
            throw ProblemException.badRequest("INVALID_LOCATION", "The location is not a location reference.",
                    Violation.parameter("location", "must read type:target, e.g. url:https://example.com/catalog-info.yaml"));
        }
        List<JsonNode> documents = parser.parse(body, format);
        List<ValidatedEntity> entities = new ArrayList<>(documents.size());
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> firstIndexOfRef = new HashMap<>();
        List<EntityValidator.Outcome> outcomes = validator.validateAll(documents);
        for (int i = 0; i < documents.size(); i++) {
            EntityValidator.Outcome outcome = outcomes.get(i);
            if (!outcome.isValid()) {
                violations.addAll(outcome.violations());
                continue;
            }
            ValidatedEntity entity = outcome.entity();
            Integer earlier = firstIndexOfRef.putIfAbsent(entity.ref().key(), i);
            if (earlier != null) {
                violations.add(Violation.at("/" + i + "/metadata/name", "repeats " + entity.ref()
                        + ", already given by document " + earlier));
                continue;
            }
            entities.add(location == null ? entity : withLocation(entity, location, null));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("INVALID_ENTITIES", violations.size() + " problem(s) in " + documents.size()
                    + " document(s); nothing was written.", violations);
        }
        return apply(caller, entities, location, dryRun);
    }

    /** Replaces one entity, named by the path, guarded by the etag the caller read. */
    @Transactional
    public ReplaceOutcome replace(Caller caller, EntityRef pathRef, String ifMatch, String body, BodyFormat format,
            boolean dryRun) {
        List<JsonNode> documents = parser.parse(body, format);
        if (documents.size() != 1) {
            throw ProblemException.badRequest("SINGLE_ENTITY_EXPECTED", "Replacing an entity takes exactly one document.",
                    Violation.at("", "holds " + documents.size() + " documents"));
        }
        EntityValidator.Outcome outcome = validator.validateSingle(documents.get(0));
        if (!outcome.isValid()) {
            throw ProblemException.invalid("INVALID_ENTITY", "The entity is not valid; nothing was written.",
                    outcome.violations());
        }
        ValidatedEntity entity = outcome.entity();
        if (!entity.ref().key().equals(pathRef.key())) {
            throw ProblemException.invalid("ENTITY_REF_MISMATCH", "The body describes " + entity.ref()
                    + ", not " + pathRef + ".", List.of(Violation.at("/metadata/name", "must name the entity of the path, "
                            + pathRef)));
        }
        begin(dryRun);
        StoredState existing = store.statesByRefKey(List.of(pathRef.key())).get(pathRef.key());
        checkEtag(ifMatch, existing, pathRef);
        ValidatedEntity stored = existing != null && existing.location() != null
                ? withLocation(entity, existing.location(), null) : entity;
        return new ReplaceOutcome(apply(caller, List.of(stored), null, dryRun).results().get(0),
                stored.descriptorJson());
    }

    /** Deletes one entity and the relations it declared. */
    @Transactional
    public WriteResult delete(Caller caller, EntityRef ref, String ifMatch, boolean dryRun) {
        begin(dryRun);
        StoredState existing = store.statesByRefKey(List.of(ref.key())).get(ref.key());
        if (existing == null) {
            throw ProblemException.notFound("ENTITY_NOT_FOUND", "No entity " + ref + " is in the catalog.");
        }
        checkEtag(ifMatch, existing, ref);
        EntityRef stored = refOf(existing);
        if (!authorization.mayWrite(caller, existing.kind(), stored, existing.ownerRef())) {
            throw ProblemException.forbidden("ENTITY_NOT_OWNED", stored + " belongs to "
                    + ownerText(existing) + "; only its owners and platform admins may delete it.");
        }
        if (dryRun) {
            return new WriteResult(0, stored.toString(), WriteAction.DELETED, existing.id(), existing.etag(), 0);
        }
        Set<String> neighbours = store.neighbours(List.of(ref.key()));
        long revision = store.delete(List.of(existing)).getOrDefault(ref.key(), 0L);
        neighbours.remove(ref.key());
        long latest = Math.max(revision, rerender(neighbours));
        store.announce(latest);
        Set<String> invalidated = new HashSet<>(neighbours);
        invalidated.add(ref.key());
        invalidateAfterCommit(invalidated);
        return new WriteResult(0, stored.toString(), WriteAction.DELETED, existing.id(), existing.etag(), revision);
    }

    /**
     * Stores what a Git location's files describe, as the location's identity may write: an entity it
     * may not write, or that another location manages, is refused on its own and the others are
     * stored. Entities the location managed that its files no longer describe are deleted, except
     * those the batch keeps. Without entities, this deletes everything the location manages.
     */
    @Transactional
    public LocationOutcome syncLocation(Caller identity, LocationBatch batch, boolean dryRun) {
        begin(dryRun);
        List<ValidatedEntity> entities = batch.entities().stream()
                .map(sourced -> withLocation(sourced.entity(), sourced.location(), batch.origin())).toList();
        Map<String, StoredState> existing = store.statesByRefKey(entities.stream().map(e -> e.ref().key()).toList());
        Map<String, StoredState> managed = new HashMap<>();
        for (StoredState state : store.statesAtLocations(batch.files())) {
            if (batch.manages(originOf(state))) {
                managed.put(state.refKey(), state);
            }
        }
        List<ValidatedEntity> accepted = new ArrayList<>();
        List<LocationOutcome.Rejected> rejected = new ArrayList<>();
        Map<String, String> kept = new HashMap<>(batch.keptRefs());
        for (ValidatedEntity entity : entities) {
            String key = entity.ref().key();
            StoredState state = existing.get(key);
            String location = locationOf(entity);
            if (state != null && state.location() != null && !managed.containsKey(key)) {
                rejected.add(new LocationOutcome.Rejected(entity.ref().toString(), location, "LOCATION_CONFLICT",
                        entity.ref() + " is registered by location " + state.location() + "."));
                continue;
            }
            String refusal = null;
            if (state != null && !authorization.mayWrite(identity, state.kind(), refOf(state), state.ownerRef())) {
                refusal = entity.ref() + " belongs to " + ownerText(state) + ", which this location may not change.";
            } else if (!authorization.mayWrite(identity, entity.kind(), entity.ref(), entity.owner())) {
                refusal = entity.ref() + " would belong to " + authorization.ownerOf(entity.kind(), entity.ref(),
                        entity.owner()) + ", which this location may not write.";
            }
            if (refusal == null) {
                accepted.add(entity);
            } else {
                rejected.add(new LocationOutcome.Rejected(entity.ref().toString(), location, "ENTITY_NOT_OWNED", refusal));
                kept.put(key, refusal);
            }
        }
        Set<String> acceptedKeys = new HashSet<>(accepted.stream().map(e -> e.ref().key()).toList());
        List<StoredState> removed = new ArrayList<>();
        List<ValidatedEntity> flagged = new ArrayList<>();
        for (StoredState state : managed.values()) {
            if (acceptedKeys.contains(state.refKey())) {
                continue;
            }
            String problem = kept.containsKey(state.refKey()) ? kept.get(state.refKey())
                    : batch.keptFiles().get(state.location());
            boolean mayWrite = authorization.mayWrite(identity, state.kind(), refOf(state), state.ownerRef());
            if (problem != null) {
                if (mayWrite) {
                    withProcessingError(state, problem).ifPresent(flagged::add);
                }
            } else if (mayWrite) {
                removed.add(state);
            } else {
                rejected.add(new LocationOutcome.Rejected(refOf(state).toString(), state.location(), "ENTITY_NOT_OWNED",
                        refOf(state) + " is no longer described, but belongs to " + ownerText(state)
                                + ", which this location may not delete it for."));
            }
        }
        Map<String, StoredState> states = new HashMap<>(existing);
        flagged.forEach(entity -> states.put(entity.ref().key(), managed.get(entity.ref().key())));
        List<ValidatedEntity> writes = new ArrayList<>(accepted);
        writes.addAll(flagged);
        IngestOutcome outcome = write(writes, states, removed, dryRun);
        List<LocationOutcome.Produced> produced = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            produced.add(new LocationOutcome.Produced(outcome.results().get(i), accepted.get(i).descriptorJson()));
        }
        return new LocationOutcome(produced, rejected, outcome.removedRefs());
    }

    /**
     * The stored entity with a processing error in its status, as Backstage shows one: the entity stays
     * as it was last taken, and says why its file's current version was not.
     */
    private Optional<ValidatedEntity> withProcessingError(StoredState state, String message) {
        EntityValidator.Outcome outcome = validator.validateSingle(parse(state.descriptor()));
        if (!outcome.isValid()) {
            return Optional.empty();
        }
        ValidatedEntity entity = outcome.entity();
        ObjectNode descriptor = entity.descriptor().deepCopy();
        descriptor.putObject("status").putArray("items").addObject()
                .put("type", PROCESSING_STATUS)
                .put("level", "error")
                .put("message", message);
        try {
            return Optional.of(new ValidatedEntity(entity.index(), entity.kind(), entity.ref(), descriptor,
                    json.writeValueAsString(descriptor), entity.relations(), entity.owner()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A write takes the writers' lock; a dry run writes nothing, so it only plans its lookups as a write does. */
    private void begin(boolean dryRun) {
        if (dryRun) {
            store.planForArguments();
        } else {
            store.lockForWrite();
        }
    }

    private IngestOutcome apply(Caller caller, List<ValidatedEntity> entities, String location, boolean dryRun) {
        begin(dryRun);
        Map<String, StoredState> existing = store.statesByRefKey(entities.stream().map(e -> e.ref().key()).toList());
        Set<String> batchKeys = new HashSet<>(entities.stream().map(e -> e.ref().key()).toList());
        List<StoredState> removed = location == null ? List.of()
                : store.statesAtLocation(location).stream().filter(state -> !batchKeys.contains(state.refKey())).toList();
        checkRights(caller, entities, existing, removed, location);
        return write(entities, existing, removed, dryRun);
    }

    /** Writes entities whose rights were checked and deletes the removed ones; answers one result per entity. */
    private IngestOutcome write(List<ValidatedEntity> entities, Map<String, StoredState> existing,
            List<StoredState> removed, boolean dryRun) {
        List<WriteResult> results = new ArrayList<>();
        List<ValidatedEntity> changed = new ArrayList<>();
        Map<String, UUID> ids = new HashMap<>();
        for (ValidatedEntity entity : entities) {
            StoredState state = existing.get(entity.ref().key());
            WriteAction action = state == null ? WriteAction.CREATED
                    : sameDescriptor(state, entity) ? WriteAction.UNCHANGED : WriteAction.UPDATED;
            if (action != WriteAction.UNCHANGED) {
                changed.add(entity);
                ids.put(entity.ref().key(), state == null ? Ids.newId() : state.id());
            }
            results.add(new WriteResult(entity.index(), entity.ref().toString(), action,
                    state == null ? null : state.id(), state == null ? null : state.etag(), 0));
        }
        List<String> removedRefs = removed.stream().map(state -> refOf(state).toString()).toList();
        if (dryRun || (changed.isEmpty() && removed.isEmpty())) {
            return new IngestOutcome(results, removedRefs, dryRun);
        }

        Set<String> changedKeys = new HashSet<>(ids.keySet());
        Set<String> removedKeys = new HashSet<>(removed.stream().map(StoredState::refKey).toList());
        Set<String> touched = new HashSet<>(changedKeys);
        touched.addAll(removedKeys);
        // The rows from the written and removed entities before this write. Whoever they point at may
        // lose a relation, or see a target appear or go, so it is rendered again from all its rows;
        // whoever only the new rows point at has only gained relations (see below).
        List<RelationRow> before = store.relationsFrom(touched);
        Set<String> reRendered = new HashSet<>();
        before.forEach(row -> reRendered.add(row.targetKey()));
        Set<UUID> replacedOrigins = new HashSet<>(removed.stream().map(StoredState::id).toList());
        changed.stream().map(e -> existing.get(e.ref().key())).filter(Objects::nonNull)
                .forEach(state -> replacedOrigins.add(state.id()));
        store.deleteRelationsOf(changed.stream().map(e -> e.ref().key()).filter(existing::containsKey).toList());
        Map<String, Long> revisions = new HashMap<>(store.delete(removed));
        // Only the declared direction is stored; both are needed below, as relationsFrom reads them.
        List<RelationRow> declared = new ArrayList<>();
        List<RelationRow> rows = new ArrayList<>();
        for (ValidatedEntity entity : changed) {
            String key = entity.ref().key();
            for (DeclaredRelation relation : entity.relations()) {
                RelationRow row = new RelationRow(ids.get(key), key, entity.ref().toString(), relation.type().typeName(),
                        relation.target().key(), relation.target().toString());
                declared.add(row);
                rows.add(row);
                rows.add(row.inverse());
            }
        }
        store.insertRelations(declared);
        reRendered.removeAll(removedKeys);
        reRendered.removeAll(changedKeys);

        // The written entities' rows are the ones kept from before and the new ones: no need to read them.
        Map<String, List<RelationRow>> relations = new HashMap<>();
        Map<String, List<Relation>> gained = new HashMap<>();
        for (RelationRow row : before) {
            if (changedKeys.contains(row.sourceKey()) && !replacedOrigins.contains(row.originId())) {
                relations.computeIfAbsent(row.sourceKey(), key -> new ArrayList<>()).add(row);
            }
        }
        for (RelationRow row : rows) {
            if (changedKeys.contains(row.sourceKey())) {
                relations.computeIfAbsent(row.sourceKey(), key -> new ArrayList<>()).add(row);
            } else if (!reRendered.contains(row.sourceKey()) && !removedKeys.contains(row.sourceKey())) {
                gained.computeIfAbsent(row.sourceKey(), key -> new ArrayList<>())
                        .add(new Relation(row.type(), row.targetRef()));
            }
        }
        relations.putAll(relationsBySource(reRendered));
        Collection<StoredState> reRenderedStates = reRendered.isEmpty() ? List.of()
                : store.statesByRefKey(reRendered).values();
        Map<String, UUID> sourceIds = new HashMap<>(ids);
        reRenderedStates.forEach(state -> sourceIds.put(state.refKey(), state.id()));
        Set<String> existingTargets = existingTargets(relations, sourceIds, changedKeys);
        List<EntityWrite> writes = new ArrayList<>();
        Function<ValidatedEntity, EntityWrite> toWrite = entity -> {
            String key = entity.ref().key();
            UUID id = ids.get(key);
            RenderedEntity rendered = render(entity.descriptor(), entity.descriptorJson(), id,
                    relations.getOrDefault(key, List.of()), existingTargets);
            EntityWrite write = new EntityWrite(id, entity.ref(), entity.descriptorJson(),
                    renderer.index(entity.descriptor()), rendered,
                    entity.owner() == null ? null : entity.owner().toString(), locationOf(entity));
            writes.add(write);
            return write;
        };
        List<ValidatedEntity> created = new ArrayList<>();
        List<EntityWrite> updated = new ArrayList<>();
        for (ValidatedEntity entity : changed) {
            if (existing.containsKey(entity.ref().key())) {
                updated.add(toWrite.apply(entity));
            } else {
                created.add(entity);
            }
        }
        // New entities are rendered while they are streamed in: PostgreSQL inserts one part while the
        // next is rendered, so the two cores share the work.
        revisions.putAll(store.insert(created, toWrite));
        revisions.putAll(store.upsert(updated));
        store.forgetDeletions(changedKeys);
        List<RenderUpdate> updates = new ArrayList<>(rerendered(reRenderedStates, relations, existingTargets));
        updates.addAll(withRelationsAdded(gained));
        long latest = Math.max(revisions.values().stream().mapToLong(Long::longValue).max().orElse(0),
                store.updateRendered(updates));
        store.announce(latest);
        Set<String> invalidated = union(union(changedKeys, removedKeys), union(reRendered, gained.keySet()));
        invalidateAfterCommit(invalidated);

        List<WriteResult> written = new ArrayList<>();
        Map<String, EntityWrite> writesByKey = new HashMap<>();
        writes.forEach(write -> writesByKey.put(write.ref().key(), write));
        for (WriteResult result : results) {
            String key = result.ref().toLowerCase(java.util.Locale.ROOT);
            EntityWrite write = writesByKey.get(key);
            written.add(write == null ? result : new WriteResult(result.index(), result.ref(), result.action(),
                    write.id(), write.rendered().etag(), revisions.getOrDefault(key, 0L)));
        }
        return new IngestOutcome(written, removedRefs, false);
    }

    /**
     * Re-renders entities whose relations may have changed and stores those whose etag (a digest of the
     * whole rendering) differs; answers the latest revision taken (0 if none).
     */
    private long rerender(Set<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Map<String, List<RelationRow>> relations = relationsBySource(keys);
        Collection<StoredState> states = store.statesByRefKey(keys).values();
        Map<String, UUID> ids = new HashMap<>();
        states.forEach(state -> ids.put(state.refKey(), state.id()));
        return rerender(states, relations, existingTargets(relations, ids, Set.of()));
    }

    private long rerender(Collection<StoredState> states, Map<String, List<RelationRow>> relations,
            Set<String> existingTargets) {
        return store.updateRendered(rerendered(states, relations, existingTargets));
    }

    /** The new renderings of the entities, from all their relations, where the etag changed. */
    private List<RenderUpdate> rerendered(Collection<StoredState> states, Map<String, List<RelationRow>> relations,
            Set<String> existingTargets) {
        List<RenderUpdate> updates = new ArrayList<>();
        for (StoredState state : states) {
            ObjectNode descriptor = parse(state.descriptor());
            RenderedEntity rendered = render(descriptor, state.descriptor(), state.id(),
                    relations.getOrDefault(state.refKey(), List.of()), existingTargets);
            if (!rendered.etag().equals(state.etag())) {
                updates.add(new RenderUpdate(state.id(), rendered));
            }
        }
        return updates;
    }

    /**
     * The new renderings of stored entities that only gained relations, from their stored renderings:
     * a Group that owns 30 Components and gains 2 merges the 2 instead of reading and sorting 32.
     */
    private List<RenderUpdate> withRelationsAdded(Map<String, List<Relation>> gained) {
        if (gained.isEmpty()) {
            return List.of();
        }
        List<RenderUpdate> updates = new ArrayList<>();
        for (StoredRendering stored : store.renderingsByRefKey(gained.keySet())) {
            renderer.withRelationsAdded(stored.body(), stored.descriptor(), stored.id(), gained.get(stored.refKey()))
                    .ifPresent(rendered -> updates.add(new RenderUpdate(stored.id(), rendered)));
        }
        return updates;
    }

    private RenderedEntity render(ObjectNode descriptor, String descriptorJson, UUID id, List<RelationRow> rows,
            Set<String> existingTargets) {
        TreeMap<String, Relation> relations = new TreeMap<>();
        TreeSet<String> unresolved = new TreeSet<>();
        for (RelationRow row : rows) {
            Relation relation = new Relation(row.type(), row.targetRef());
            relations.putIfAbsent(relation.sortKey(), relation);
            if (row.originId().equals(id) && !existingTargets.contains(row.targetKey())) {
                unresolved.add(row.targetRef());
            }
        }
        return renderer.render(descriptor, descriptorJson, id, List.copyOf(relations.values()), List.copyOf(unresolved));
    }

    private Map<String, List<RelationRow>> relationsBySource(Collection<String> keys) {
        Map<String, List<RelationRow>> bySource = new HashMap<>();
        for (RelationRow row : store.relationsFrom(keys)) {
            bySource.computeIfAbsent(row.sourceKey(), key -> new ArrayList<>()).add(row);
        }
        return bySource;
    }

    /**
     * Which targets of the entities' own relations (rows whose origin is the entity, by id) exist once
     * this write commits: those stored, plus those being written. The entity's other rows point back
     * at the entity that declared them, which exists, so they need no lookup.
     */
    private Set<String> existingTargets(Map<String, List<RelationRow>> relations, Map<String, UUID> ids,
            Set<String> beingWritten) {
        Set<String> targets = new HashSet<>();
        relations.forEach((source, rows) -> {
            UUID id = ids.get(source);
            rows.forEach(row -> {
                if (row.originId().equals(id)) {
                    targets.add(row.targetKey());
                }
            });
        });
        Set<String> existing = new HashSet<>();
        for (String target : targets) {
            if (beingWritten.contains(target)) {
                existing.add(target);
            }
        }
        targets.removeAll(existing);
        existing.addAll(store.existingRefKeys(targets));
        return existing;
    }

    private void checkRights(Caller caller, List<ValidatedEntity> entities, Map<String, StoredState> existing,
            List<StoredState> removed, String location) {
        List<Violation> denied = new ArrayList<>();
        List<Violation> conflicts = new ArrayList<>();
        for (ValidatedEntity entity : entities) {
            String at = "/" + entity.index();
            StoredState state = existing.get(entity.ref().key());
            if (state != null && location != null && state.location() != null && !state.location().equals(location)) {
                conflicts.add(Violation.at(at + "/metadata/name", entity.ref() + " is registered by location "
                        + state.location()));
            }
            if (state != null && !authorization.mayWrite(caller, state.kind(), refOf(state), state.ownerRef())) {
                denied.add(Violation.at(at, entity.ref() + " belongs to " + ownerText(state)));
            } else if (!authorization.mayWrite(caller, entity.kind(), entity.ref(), entity.owner())) {
                denied.add(Violation.at(entity.owner() != null ? at + "/spec/owner" : at + "/metadata/name",
                        "would belong to " + authorization.ownerOf(entity.kind(), entity.ref(), entity.owner())
                                + ", which is not yours"));
            }
        }
        for (StoredState state : removed) {
            if (!authorization.mayWrite(caller, state.kind(), refOf(state), state.ownerRef())) {
                denied.add(Violation.parameter("location", "re-registering would delete " + refOf(state)
                        + ", which belongs to " + ownerText(state)));
            }
        }
        if (!denied.isEmpty()) {
            throw new ProblemException(403, "ENTITY_NOT_OWNED", "The caller may not change " + denied.size()
                    + " of these entities; nothing was written.", denied);
        }
        if (!conflicts.isEmpty()) {
            throw new ProblemException(409, "LOCATION_CONFLICT", "Some entities are registered by another location; "
                    + "nothing was written.", conflicts);
        }
    }

    private String ownerText(StoredState state) {
        EntityKind kind = EntityKind.of(state.kind()).orElse(EntityKind.LOCATION);
        EntityRef owner = state.ownerRef() == null ? null : EntityRef.parseFull(state.ownerRef()).orElse(null);
        return authorization.ownerOf(kind, refOf(state), owner);
    }

    private static void checkEtag(String ifMatch, StoredState existing, EntityRef ref) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        if (existing == null) {
            throw ProblemException.preconditionFailed("ETAG_MISMATCH", "No entity " + ref
                    + " exists, so none matches the If-Match etag.");
        }
        if (!ifMatch.equals("*") && !existing.etag().equals(ifMatch)) {
            throw ProblemException.preconditionFailed("ETAG_MISMATCH", ref + " has changed since it was read "
                    + "(etag " + existing.etag() + "); read it again and retry.");
        }
    }

    private boolean sameDescriptor(StoredState state, ValidatedEntity entity) {
        return Objects.equals(state.location(), locationOf(entity)) && parse(state.descriptor()).equals(entity.descriptor());
    }

    /** The origin location of a stored entity, as its managed-by-origin-location annotation says. */
    private String originOf(StoredState state) {
        JsonNode origin = parse(state.descriptor()).path("metadata").path("annotations").get(MANAGED_BY_ORIGIN_LOCATION);
        return origin == null || !origin.isTextual() ? null : origin.asText();
    }

    /** The location an entity is registered by, as its managed-by-location annotation says. */
    private static String locationOf(ValidatedEntity entity) {
        JsonNode location = entity.descriptor().path("metadata").path("annotations").get(MANAGED_BY_LOCATION);
        return location == null || !location.isTextual() ? null : location.asText();
    }

    /** The origin location, when given, replaces the descriptor's; else the descriptor's stays or the location is it. */
    private ValidatedEntity withLocation(ValidatedEntity entity, String location, String origin) {
        ObjectNode descriptor = entity.descriptor().deepCopy();
        ObjectNode metadata = (ObjectNode) descriptor.get("metadata");
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        annotations.put(MANAGED_BY_LOCATION, location);
        if (origin != null) {
            annotations.put(MANAGED_BY_ORIGIN_LOCATION, origin);
        } else if (!annotations.has(MANAGED_BY_ORIGIN_LOCATION)) {
            annotations.put(MANAGED_BY_ORIGIN_LOCATION, location);
        }
        try {
            return new ValidatedEntity(entity.index(), entity.kind(), entity.ref(), descriptor,
                    json.writeValueAsString(descriptor), entity.relations(), entity.owner());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void invalidateAfterCommit(Set<String> refKeys) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // Nothing to prepare: the cache only needs to forget after the outcome is known.
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    cache.invalidate(refKeys);
                }
            }
        });
    }

    private ObjectNode parse(String descriptor) {
        try {
            return (ObjectNode) json.readTree(descriptor);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored descriptor is not JSON", e);
        }
    }

    private static EntityRef refOf(StoredState state) {
        return new EntityRef(state.kind(), state.namespace(), state.name());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
