package dev.paved.provisioning.deployments.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.provisioning.deployments.domain.DeploymentRecord;
import dev.paved.provisioning.deployments.domain.HistoryQuery;
import dev.paved.provisioning.deployments.domain.ProvisionedResource;
import dev.paved.provisioning.deployments.domain.ResolvedImage;
import dev.paved.provisioning.deployments.domain.Revision;
import dev.paved.provisioning.deployments.domain.Rollout;
import dev.paved.provisioning.deployments.domain.RolloutState;
import dev.paved.provisioning.deployments.domain.Workload;
import dev.paved.provisioning.deployments.domain.WorkloadState;

/**
 * Workloads and their revisions. Every method runs in the caller's transaction and answers domain
 * records, never entities.
 */
@ApplicationScoped
public class DeploymentStore {

    private static final TypeReference<List<ResolvedImage>> IMAGES = new TypeReference<>() {
    };
    private static final TypeReference<List<ProvisionedResource>> PROVISIONED = new TypeReference<>() {
    };

    private static final String FINAL_ROLLOUT_STATES = Arrays.stream(RolloutState.values())
            .filter(RolloutState::isFinal).map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));

    private final ObjectMapper json;

    public DeploymentStore(ObjectMapper json) {
        this.json = json;
    }

    /** What a new revision is made of, before it has a number. */
    public record NewRevision(UUID environmentId, String environmentName, String workload, String team,
            String application, String stage, String namespace, String component, String kind, String goldenPath,
            String goldenPathVersion, String specJson, List<String> manifests, String manifestsDigest,
            List<ResolvedImage> images, List<ProvisionedResource> provisioned, long cpuMillis, long memoryBytes,
            String createdBy, String version, String commitSha, Instant commitTime, Long rolledBackTo,
            String promotedFrom) {
    }

    /**
     * Records the revision under the workload's row lock (made when the workload is new), so that its
     * number is the next one whoever else deploys the workload at the same moment.
     */
    public Revision record(NewRevision draft, UUID operationId) {
        Instant now = Instant.now();
        WorkloadEntity workload = lockedWorkload(draft.environmentId(), draft.workload()).orElseGet(() -> {
            WorkloadEntity created = new WorkloadEntity();
            created.id = UUID.randomUUID();
            created.environmentId = draft.environmentId();
            created.environmentName = draft.environmentName();
            created.name = draft.workload();
            created.createdAt = now;
            created.state = WorkloadState.DEPLOYING.name();
            return created;
        });
        boolean fresh = workload.lastRevision == 0 || WorkloadState.DELETED.name().equals(workload.state);
        workload.team = draft.team();
        workload.application = draft.application();
        workload.stage = draft.stage();
        workload.namespace = draft.namespace();
        workload.component = draft.component();
        workload.kind = draft.kind();
        workload.goldenPath = draft.goldenPath();
        workload.goldenPathVersion = draft.goldenPathVersion();
        workload.lastRevision++;
        workload.updatedAt = now;
        if (WorkloadState.DELETED.name().equals(workload.state)) {
            workload.currentRevision = 0;
        }
        if (fresh) {
            workload.state = WorkloadState.DEPLOYING.name();
        }
        workload.persist();

        RevisionEntity revision = new RevisionEntity();
        revision.workloadId = workload.id;
        revision.number = workload.lastRevision;
        revision.spec = draft.specJson();
        revision.manifests = "[" + String.join(",", draft.manifests()) + "]";
        revision.manifestsDigest = draft.manifestsDigest();
        revision.goldenPath = draft.goldenPath();
        revision.goldenPathVersion = draft.goldenPathVersion();
        revision.images = write(draft.images());
        revision.provisioned = write(draft.provisioned());
        revision.cpuMillis = draft.cpuMillis();
        revision.memoryBytes = draft.memoryBytes();
        revision.createdBy = draft.createdBy();
        revision.createdAt = now;
        revision.version = draft.version();
        revision.commitSha = draft.commitSha();
        revision.commitTime = draft.commitTime();
        revision.rolloutState = RolloutState.PENDING.name();
        revision.rolloutMessage = "Waiting for its objects to be applied.";
        revision.rolloutUpdatedAt = now;
        revision.operationId = operationId;
        revision.rolledBackTo = draft.rolledBackTo();
        revision.promotedFrom = draft.promotedFrom();
        revision.persist();
        // Answered from what was just written, not read back from its JSON.
        return toRevision(workload, revision, draft.images(), draft.manifests());
    }

    /**
     * Makes other deployments and removals of the workload wait until this transaction ends (a
     * transaction-scoped advisory lock, so it holds before the workload's row exists). Taken first, it
     * means that what the transaction reads next is what its revision is recorded against: a
     * deployment committed meanwhile is never half seen, as a row read before a later row lock can be.
     */
    public void lockWorkload(UUID environmentId, String workload) {
        WorkloadEntity.getEntityManager()
                .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(?1), hashtext(?2))")
                .setParameter(1, environmentId.toString()).setParameter(2, workload).getSingleResult();
    }

    /** The number the next revision of a workload will have (for a dry run, which records nothing). */
    public long nextRevisionNumber(UUID environmentId, String workload) {
        return WorkloadEntity.<WorkloadEntity>find("environmentId = ?1 and name = ?2", environmentId, workload)
                .firstResultOptional().map(found -> found.lastRevision + 1).orElse(1L);
    }

    /** The workload unless it was deleted. */
    public Optional<Workload> workload(UUID environmentId, String name) {
        return find(environmentId, name).filter(DeploymentStore::live).map(this::toWorkload);
    }

    public Page<Workload> workloads(UUID environmentId, PageRequest page) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("environment", environmentId);
        String where = "environmentId = :environment and state <> 'DELETED'";
        if (!page.isFirstPage()) {
            where += " and name > :after";
            parameters.put("after", page.cursor().key("name"));
        }
        List<WorkloadEntity> found = WorkloadEntity.<WorkloadEntity>find(where + " order by name", parameters)
                .page(0, page.limit() + 1).list();
        List<Workload> items = withRollouts(found.stream().limit(page.limit()).toList());
        String next = found.size() > page.limit()
                ? Cursor.after(Map.of("name", items.get(items.size() - 1).name())).encode()
                : null;
        return new Page<>(items, next);
    }

    /** The live workloads of a catalog Component, in the given teams (all teams when null). */
    public List<Workload> ofComponent(String component, java.util.Set<String> teams) {
        List<WorkloadEntity> found = teams == null
                ? WorkloadEntity.list("component = ?1 and state <> 'DELETED' order by environmentName, name",
                        component)
                : WorkloadEntity.list("component = ?1 and state <> 'DELETED' and team in ?2"
                        + " order by environmentName, name", component, teams);
        return withRollouts(found);
    }

    public Page<Revision> revisions(UUID environmentId, String workload, PageRequest page) {
        WorkloadEntity owner = find(environmentId, workload).orElseThrow();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("workload", owner.id);
        String where = "workloadId = :workload";
        if (!page.isFirstPage()) {
            where += " and number < :after";
            parameters.put("after", Long.parseLong(page.cursor().key("number")));
        }
        List<RevisionEntity> found = RevisionEntity.<RevisionEntity>find(where + " order by number desc", parameters)
                .page(0, page.limit() + 1).list();
        List<Revision> items = found.stream().limit(page.limit()).map(entity -> toRevision(owner, entity, false))
                .toList();
        String next = found.size() > page.limit()
                ? Cursor.after(Map.of("number", Long.toString(items.get(items.size() - 1).number()))).encode()
                : null;
        return new Page<>(items, next);
    }

    public Optional<Revision> revision(UUID environmentId, String workload, long number) {
        return find(environmentId, workload).flatMap(owner -> RevisionEntity
                .<RevisionEntity>findByIdOptional(new RevisionEntity.Key(owner.id, number))
                .map(entity -> toRevision(owner, entity, true)));
    }

    /** What the current revision of a workload provisioned outside the cluster. */
    public List<ProvisionedResource> provisioned(UUID environmentId, String workload) {
        return find(environmentId, workload).filter(owner -> owner.currentRevision > 0)
                .flatMap(owner -> RevisionEntity.<RevisionEntity>findByIdOptional(
                        new RevisionEntity.Key(owner.id, owner.currentRevision)))
                .map(revision -> read(revision.provisioned, PROVISIONED)).orElse(List.of());
    }

    /** What the current revisions of an environment's live workloads provisioned, all of them. */
    public List<ProvisionedResource> provisionedInEnvironment(UUID environmentId) {
        List<String> provisioned = RevisionEntity.getEntityManager().createQuery("""
                select r.provisioned from RevisionEntity r, WorkloadEntity w
                where w.id = r.workloadId and r.number = w.currentRevision and w.environmentId = :environment
                    and w.state <> 'DELETED' and w.currentRevision > 0
                """, String.class).setParameter("environment", environmentId).getResultList();
        List<ProvisionedResource> all = new ArrayList<>();
        provisioned.forEach(resources -> all.addAll(read(resources, PROVISIONED)));
        return all;
    }

    /** The CPU (millicores) and memory (bytes) the other live workloads of an environment may use at most. */
    public long[] footprintOfOthers(UUID environmentId, String workload) {
        Object[] sums = RevisionEntity.getEntityManager()
                .createNamedQuery(RevisionEntity.FOOTPRINT_OF_OTHERS, Object[].class)
                .setParameter("environment", environmentId).setParameter("workload", workload).getSingleResult();
        return new long[] {((Number) sums[0]).longValue(), ((Number) sums[1]).longValue()};
    }

    /**
     * A page of a team's deployment history, oldest first, in one query: its workloads by team,
     * application and stage, each one's revisions by creation time, and for each revision of the
     * page the rollback that undid it, if any, among its workload's rollbacks (all indexed).
     */
    public Page<DeploymentRecord> history(HistoryQuery query, PageRequest page) {
        StringBuilder sql = new StringBuilder("""
                SELECT w.environment_name, w.stage, w.application, w.name, r.number, r.created_at, r.commit_time,
                    r.rollout_state, r.rollout_ended_at, r.rolled_back_to, r.workload_id,
                    (SELECT b.number FROM provisioning.revision b
                     WHERE b.workload_id = r.workload_id AND b.number > r.number AND b.rolled_back_to IS NOT NULL
                         AND b.rolled_back_to < r.number
                         AND NOT EXISTS (SELECT 1 FROM provisioning.revision m
                             WHERE m.workload_id = r.workload_id AND m.number > r.number AND m.number < b.number
                                 AND m.rollout_state = 'ROLLED_OUT')
                     ORDER BY b.number LIMIT 1) AS rolled_back_by
                FROM provisioning.workload w
                JOIN provisioning.revision r ON r.workload_id = w.id
                WHERE w.team = :team AND r.created_at >= :since AND r.created_at < :until
                """);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("team", query.team());
        parameters.put("since", OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
        parameters.put("until", OffsetDateTime.ofInstant(query.until(), ZoneOffset.UTC));
        if (query.application() != null) {
            sql.append(" AND w.application = :application");
            parameters.put("application", query.application());
        }
        if (!query.stages().isEmpty()) {
            sql.append(" AND w.stage IN (:stages)");
            parameters.put("stages", query.stages());
        }
        if (!page.isFirstPage()) {
            sql.append(" AND (r.created_at, r.workload_id, r.number)"
                    + " > (CAST(:afterTime AS timestamptz), CAST(:afterWorkload AS uuid), :afterNumber)");
            parameters.put("afterTime", page.cursor().key("createdAt"));
            parameters.put("afterWorkload", page.cursor().key("workload"));
            parameters.put("afterNumber", Long.parseLong(page.cursor().key("number")));
        }
        sql.append(" ORDER BY r.created_at, r.workload_id, r.number LIMIT :limit");
        parameters.put("limit", page.limit() + 1);
        jakarta.persistence.Query statement = RevisionEntity.getEntityManager().createNativeQuery(sql.toString());
        parameters.forEach(statement::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = statement.getResultList();
        List<DeploymentRecord> items = rows.stream().limit(page.limit()).map(DeploymentStore::record).toList();
        String next = null;
        if (rows.size() > page.limit()) {
            Object[] last = rows.get(page.limit() - 1);
            next = Cursor.after(Map.of("createdAt", instant(last[5]).toString(), "workload", last[10].toString(),
                    "number", Long.toString(((Number) last[4]).longValue()))).encode();
        }
        return new Page<>(items, next);
    }

    private static DeploymentRecord record(Object[] row) {
        return new DeploymentRecord((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                ((Number) row[4]).longValue(), instant(row[5]), instant(row[6]), RolloutState.valueOf((String) row[7]),
                instant(row[8]), row[9] == null ? null : ((Number) row[9]).longValue(),
                row[11] == null ? null : ((Number) row[11]).longValue());
    }

    /** A timestamptz column as the JDBC driver hands it over. */
    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }

    /** A rollout the tracker follows: where its workload runs and which revision it is. */
    public record OpenRollout(UUID workloadId, long number, String cluster, String namespace, String workload,
            String kind, String environment) {
    }

    /** Rollouts of live workloads whose objects are applied and that have not ended, oldest news first. */
    public List<OpenRollout> openRollouts(int limit) {
        List<Object[]> rows = RevisionEntity.getEntityManager().createNativeQuery("""
                SELECT r.workload_id, r.number, e.cluster, w.namespace, w.name, w.kind, w.environment_name
                FROM provisioning.revision r
                JOIN provisioning.workload w ON w.id = r.workload_id
                JOIN provisioning.environment e ON e.id = w.environment_id
                WHERE r.rollout_state = 'PROGRESSING' AND r.number = w.current_revision AND w.state <> 'DELETED'
                ORDER BY r.rollout_updated_at
                LIMIT ?1
                """).setParameter(1, limit).getResultList();
        return rows.stream().map(row -> new OpenRollout((UUID) row[0], ((Number) row[1]).longValue(),
                (String) row[2], (String) row[3], (String) row[4], (String) row[5], (String) row[6])).toList();
    }

    /** What a rollout looked like when it was last seen, for the revision it is of. */
    public record ObservedRollout(UUID workloadId, long number, Rollout rollout) {
    }

    /** Records what the rollout looks like now, unless it ended meanwhile. */
    public void updateRollout(UUID workloadId, long number, Rollout rollout) {
        updateRollouts(List.of(new ObservedRollout(workloadId, number, rollout)));
    }

    /**
     * Records what each rollout looks like now, unless it ended meanwhile, in one statement: a
     * revision whose rollout ends at the same time keeps its end (PostgreSQL checks the state again
     * on the row it waited for).
     */
    public void updateRollouts(List<ObservedRollout> observed) {
        if (observed.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE provisioning.revision r"
                + " SET rollout_state = v.state, rollout_message = v.message, rollout_updated_at = v.updated_at,"
                + " rollout_ended_at = CASE WHEN v.state IN (" + FINAL_ROLLOUT_STATES + ") THEN v.updated_at"
                + " ELSE r.rollout_ended_at END,"
                + " desired_replicas = v.desired, updated_replicas = v.updated, ready_replicas = v.ready,"
                + " available_replicas = v.available"
                + " FROM (VALUES ");
        for (int i = 0; i < observed.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(CAST(? AS uuid), CAST(? AS bigint), CAST(? AS text),"
                    + " CAST(? AS text), CAST(? AS timestamptz), CAST(? AS int), CAST(? AS int), CAST(? AS int),"
                    + " CAST(? AS int))");
        }
        sql.append("""
                ) AS v (workload_id, number, state, message, updated_at, desired, updated, ready, available)
                WHERE r.workload_id = v.workload_id AND r.number = v.number
                    AND r.rollout_state NOT IN (""").append(FINAL_ROLLOUT_STATES).append(')');
        var update = RevisionEntity.getEntityManager().createNativeQuery(sql.toString());
        int index = 0;
        for (ObservedRollout each : observed) {
            Rollout rollout = each.rollout();
            update.setParameter(++index, each.workloadId());
            update.setParameter(++index, each.number());
            update.setParameter(++index, rollout.state().name());
            update.setParameter(++index, rollout.message());
            update.setParameter(++index, rollout.updatedAt());
            update.setParameter(++index, rollout.desiredReplicas());
            update.setParameter(++index, rollout.updatedReplicas());
            update.setParameter(++index, rollout.readyReplicas());
            update.setParameter(++index, rollout.availableReplicas());
        }
        update.executeUpdate();
    }

    /** The revision an operation applies. */
    public record RolloutTarget(UUID workloadId, long number) {
    }

    public RolloutTarget rolloutTarget(UUID operationId) {
        Object[] row = (Object[]) RevisionEntity.getEntityManager().createQuery("""
                select w.id, o.revision from OperationEntity o, WorkloadEntity w
                where o.id = :operation and w.environmentId = o.environmentId and w.name = o.workload
                """).setParameter("operation", operationId).getSingleResult();
        return new RolloutTarget((UUID) row[0], ((Number) row[1]).longValue());
    }

    public void markDeleting(UUID environmentId, String workload) {
        find(environmentId, workload).ifPresent(found -> {
            found.state = WorkloadState.DELETING.name();
            found.updatedAt = Instant.now();
        });
    }

    private static Optional<WorkloadEntity> find(UUID environmentId, String name) {
        return WorkloadEntity.find("environmentId = ?1 and name = ?2", environmentId, name).firstResultOptional();
    }

    private static Optional<WorkloadEntity> lockedWorkload(UUID environmentId, String name) {
        return WorkloadEntity.find("environmentId = ?1 and name = ?2", environmentId, name)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    private static boolean live(WorkloadEntity workload) {
        return !WorkloadState.DELETED.name().equals(workload.state);
    }

    private Workload toWorkload(WorkloadEntity entity) {
        return toWorkload(entity, RevisionEntity.<RevisionEntity>findByIdOptional(
                new RevisionEntity.Key(entity.id, entity.lastRevision)).map(DeploymentStore::rolloutOf)
                .orElse(null));
    }

    /**
     * The workloads with the rollouts of their newest revisions, read in one query rather than one each,
     * and only the rollout's columns: whole revisions would bring every spec and manifests (kilobytes of
     * JSON each) from the database into the session, for a list that shows none of them.
     */
    private List<Workload> withRollouts(List<WorkloadEntity> workloads) {
        if (workloads.isEmpty()) {
            return List.of();
        }
        Map<UUID, Rollout> rollouts = new HashMap<>();
        RevisionEntity.getEntityManager().createQuery("""
                select r.workloadId as workload, r.rolloutState as state, r.rolloutMessage as message,
                       r.rolloutUpdatedAt as updatedAt, r.desiredReplicas as desired, r.updatedReplicas as updated,
                       r.readyReplicas as ready, r.availableReplicas as available
                from RevisionEntity r, WorkloadEntity w
                where w.id = r.workloadId and r.number = w.lastRevision and w.id in :ids
                """, Tuple.class)
                .setParameter("ids", workloads.stream().map(workload -> workload.id).toList())
                .getResultList().forEach(row -> rollouts.put(row.get("workload", UUID.class), new Rollout(
                        RolloutState.valueOf(row.get("state", String.class)), row.get("message", String.class),
                        row.get("updatedAt", Instant.class), row.get("desired", Integer.class),
                        row.get("updated", Integer.class), row.get("ready", Integer.class),
                        row.get("available", Integer.class))));
        return workloads.stream().map(workload -> toWorkload(workload, rollouts.get(workload.id))).toList();
    }

    private static Workload toWorkload(WorkloadEntity entity, Rollout rollout) {
        return new Workload(entity.name, entity.environmentName, entity.namespace, entity.team, entity.application,
                entity.stage, entity.component, entity.kind, entity.goldenPath, entity.goldenPathVersion,
                entity.currentRevision, entity.lastRevision, WorkloadState.valueOf(entity.state), entity.createdAt,
                entity.updatedAt, rollout);
    }

    private Revision toRevision(WorkloadEntity owner, RevisionEntity entity, boolean withManifests) {
        return toRevision(owner, entity, read(entity.images, IMAGES),
                withManifests ? manifestsOf(entity.manifests) : List.of());
    }

    private static Revision toRevision(WorkloadEntity owner, RevisionEntity entity, List<ResolvedImage> images,
            List<String> manifests) {
        return new Revision(entity.number, owner.name, owner.environmentName, owner.team, owner.application,
                owner.stage, entity.spec, entity.goldenPath, entity.goldenPathVersion, entity.manifestsDigest,
                images, entity.createdBy, entity.createdAt, entity.version, entity.commitSha, entity.commitTime,
                rolloutOf(entity), entity.operationId, entity.rolledBackTo, entity.promotedFrom, manifests);
    }

    private static Rollout rolloutOf(RevisionEntity entity) {
        return new Rollout(RolloutState.valueOf(entity.rolloutState), entity.rolloutMessage, entity.rolloutUpdatedAt,
                entity.desiredReplicas, entity.updatedReplicas, entity.readyReplicas, entity.availableReplicas);
    }

    /** Stored as an array of objects; answered as each object's JSON. */
    private List<String> manifestsOf(String stored) {
        try {
            List<String> manifests = new ArrayList<>();
            json.readTree(stored).forEach(manifest -> manifests.add(manifest.toString()));
            return manifests;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored manifests are not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
