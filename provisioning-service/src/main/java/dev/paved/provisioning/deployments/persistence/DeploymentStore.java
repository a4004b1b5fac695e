package dev.paved.provisioning.deployments.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
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
        return toRevision(workload, revision, true);
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
        List<ProvisionedResource> all = new ArrayList<>();
        for (WorkloadEntity workload : WorkloadEntity.<WorkloadEntity>list(
                "environmentId = ?1 and state <> 'DELETED' and currentRevision > 0", environmentId)) {
            RevisionEntity.<RevisionEntity>findByIdOptional(new RevisionEntity.Key(workload.id,
                    workload.currentRevision)).ifPresent(revision -> all.addAll(read(revision.provisioned,
                            PROVISIONED)));
        }
        return all;
    }

    /** The CPU (millicores) and memory (bytes) the other live workloads of an environment may use at most. */
    public long[] footprintOfOthers(UUID environmentId, String workload) {
        Object[] sums = (Object[]) RevisionEntity.getEntityManager().createQuery("""
                select coalesce(sum(r.cpuMillis), 0), coalesce(sum(r.memoryBytes), 0)
                from RevisionEntity r, WorkloadEntity w
                where w.id = r.workloadId and r.number = w.currentRevision and w.environmentId = :environment
                    and w.name <> :workload and w.state <> 'DELETED'
                """).setParameter("environment", environmentId).setParameter("workload", workload).getSingleResult();
        return new long[] {((Number) sums[0]).longValue(), ((Number) sums[1]).longValue()};
    }

    /** A rollout the tracker follows: where its workload runs and which revision it is. */
    public record OpenRollout(UUID workloadId, long number, String cluster, String namespace, String workload,
            String kind, String environment) {
    }

    /** Rollouts whose objects are applied and that have not ended, oldest news first. */
    public List<OpenRollout> openRollouts(int limit) {
        List<Object[]> rows = RevisionEntity.getEntityManager().createNativeQuery("""
                SELECT r.workload_id, r.number, e.cluster, w.namespace, w.name, w.kind, w.environment_name
                FROM provisioning.revision r
                JOIN provisioning.workload w ON w.id = r.workload_id
                JOIN provisioning.environment e ON e.id = w.environment_id
                WHERE r.rollout_state = 'PROGRESSING' AND r.number = w.current_revision
                ORDER BY r.rollout_updated_at
                LIMIT ?1
                """).setParameter(1, limit).getResultList();
        return rows.stream().map(row -> new OpenRollout((UUID) row[0], ((Number) row[1]).longValue(),
                (String) row[2], (String) row[3], (String) row[4], (String) row[5], (String) row[6])).toList();
    }

    /** Records what the rollout looks like now, unless it ended meanwhile. */
    public void updateRollout(UUID workloadId, long number, Rollout rollout) {
        RevisionEntity.<RevisionEntity>findByIdOptional(new RevisionEntity.Key(workloadId, number),
                LockModeType.PESSIMISTIC_WRITE).filter(revision -> !RolloutState.valueOf(revision.rolloutState)
                        .isFinal())
                .ifPresent(revision -> {
                    revision.rolloutState = rollout.state().name();
                    revision.rolloutMessage = rollout.message();
                    revision.rolloutUpdatedAt = rollout.updatedAt();
                    revision.desiredReplicas = rollout.desiredReplicas();
                    revision.updatedReplicas = rollout.updatedReplicas();
                    revision.readyReplicas = rollout.readyReplicas();
                    revision.availableReplicas = rollout.availableReplicas();
                });
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
        return new Revision(entity.number, owner.name, owner.environmentName, owner.team, owner.application,
                owner.stage, entity.spec, entity.goldenPath, entity.goldenPathVersion, entity.manifestsDigest,
                read(entity.images, IMAGES), entity.createdBy, entity.createdAt, entity.version, entity.commitSha,
                entity.commitTime, rolloutOf(entity), entity.operationId, entity.rolledBackTo, entity.promotedFrom,
                withManifests ? manifestsOf(entity.manifests) : List.of());
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
