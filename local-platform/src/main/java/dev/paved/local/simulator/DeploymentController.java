package dev.paved.local.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

/**
 * Kubernetes' Deployment controller for the Deployments Paved applied: a ReplicaSet per pod template
 * (named after the template's hash), rolling updates that keep the pods between
 * {@code replicas - maxUnavailable} available and {@code replicas + maxSurge} in all, Recreate,
 * revision annotations, the history limit, and the status with its {@code Available} and
 * {@code Progressing} conditions, including {@code ProgressDeadlineExceeded} when a rollout stalls.
 */
final class DeploymentController extends Controller {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String NEW_REPLICA_SET_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_REPLICA_SET = "FoundNewReplicaSet";
    static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    static final String NEW_REPLICA_SET_AVAILABLE = "NewReplicaSetAvailable";
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    static final String DEPLOYMENT_PAUSED = "DeploymentPaused";

    DeploymentController(Parts parts) {
        super(parts);
    }

    @Override
    public void reconcile(String namespace, String name) {
        Optional<Deployment> found = state.deployments.get(namespace, name);
        if (found.isEmpty() || !state.managed(found.get()) || ClusterState.deleting(found.get())) {
            return;
        }
        Deployment deployment = found.get();
        Instant now = clock.instant();
        warnOfUnknownSimulation(deployment, deployment.getSpec().getTemplate(), EventRecorder.DEPLOYMENT_CONTROLLER,
                now);
        DeploymentSpecs spec = DeploymentSpecs.of(deployment);
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        List<ReplicaSet> owned = ownedReplicaSets(deployment);
        ReplicaSet newReplicaSet = owned.stream()
                .filter(replicaSet -> hash.equals(replicaSet.getMetadata().getLabels().get(PodTemplateHash.LABEL)))
                .findFirst().orElse(null);
        List<ReplicaSet> oldReplicaSets = new ArrayList<>(owned);
        oldReplicaSets.remove(newReplicaSet);
        oldReplicaSets.sort(Comparator.comparing(replicaSet -> replicaSet.getMetadata().getCreationTimestamp(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        List<DeploymentCondition> conditions = new ArrayList<>(deployment.getStatus() == null ? List.of()
                : deployment.getStatus().getConditions());

        if (spec.paused()) {
            setCondition(conditions, condition(PROGRESSING, "Unknown", DEPLOYMENT_PAUSED, "Deployment is paused", now));
            syncStatus(deployment, spec, newReplicaSet, owned, conditions, now, false);
            return;
        }
        if (newReplicaSet == null) {
            newReplicaSet = createReplicaSet(deployment, spec, hash, oldReplicaSets, now);
            setCondition(conditions, condition(PROGRESSING, "True", NEW_REPLICA_SET_CREATED,
                    "Created new replica set \"" + newReplicaSet.getMetadata().getName() + "\"", now));
        } else {
            newReplicaSet = keepRevisionNewest(deployment, newReplicaSet, oldReplicaSets);
            if (find(conditions, PROGRESSING).isEmpty()) {
                setCondition(conditions, condition(PROGRESSING, "True", FOUND_NEW_REPLICA_SET,
                        "Found new replica set \"" + newReplicaSet.getMetadata().getName() + "\"", now));
            }
        }
        recordRevision(deployment, newReplicaSet);
        List<ReplicaSet> all = new ArrayList<>(oldReplicaSets);
        all.add(newReplicaSet);

        boolean scaled = spec.recreate() ? recreate(deployment, spec, newReplicaSet, oldReplicaSets, now)
                : rollingUpdate(deployment, spec, newReplicaSet, oldReplicaSets, now);
        if (!scaled && complete(deployment, spec, all)) {
            removeOldHistory(spec, oldReplicaSets);
        }
        syncStatus(deployment, spec, current(newReplicaSet), currentAll(all), conditions, now, true);
    }

    private List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
        String uid = deployment.getMetadata().getUid();
        return state.replicaSets.ownedBy(uid).stream()
                .filter(replicaSet -> ClusterState.controllerOf(replicaSet)
                        .filter(owner -> uid.equals(owner.getUid())).isPresent())
                .filter(replicaSet -> !ClusterState.deleting(replicaSet)).toList();
    }

    private ReplicaSet createReplicaSet(Deployment deployment, DeploymentSpecs spec, String hash,
            List<ReplicaSet> oldReplicaSets, Instant now) {
        PodTemplateSpec unhashed = new PodTemplateSpecBuilder(deployment.getSpec().getTemplate()).editOrNewMetadata()
                .endMetadata().build();
        // The API server requires a selector; without one, the template's labels are what it would have matched.
        LabelSelector selector = new LabelSelectorBuilder(deployment.getSpec().getSelector() == null
                ? new LabelSelectorBuilder().withMatchLabels(unhashed.getMetadata().getLabels()).build()
                : deployment.getSpec().getSelector()).addToMatchLabels(PodTemplateHash.LABEL, hash).build();
        PodTemplateSpec template = new PodTemplateSpecBuilder(unhashed).editMetadata()
                .addToLabels(PodTemplateHash.LABEL, hash).endMetadata().build();
        int initial = spec.recreate() ? (activePods(oldReplicaSets) ? 0 : spec.replicas())
                : newReplicaSetReplicas(spec, 0, oldReplicaSets);
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        ReplicaSet replicaSet = new ReplicaSetBuilder().withNewMetadata()
                .withName(deployment.getMetadata().getName() + "-" + hash)
                .withNamespace(deployment.getMetadata().getNamespace()).withLabels(labels)
                .addToAnnotations(REVISION, Long.toString(maxRevision(oldReplicaSets) + 1))
                .addToAnnotations(DESIRED_REPLICAS, Integer.toString(spec.replicas()))
                .addToAnnotations(MAX_REPLICAS, Integer.toString(spec.replicas() + spec.maxSurge()))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(initial).withMinReadySeconds(spec.minReadySeconds()).withSelector(selector)
                .withTemplate(template).endSpec().build();
        ReplicaSet created = writer.create(replicaSet, now);
        if (initial > 0) {
            events.normal(deployment, EventRecorder.DEPLOYMENT_CONTROLLER, "ScalingReplicaSet",
                    "Scaled up replica set " + created.getMetadata().getName() + " from 0 to " + initial, now);
        }
        return created;
    }

    /** A template rolled back to makes its ReplicaSet the newest revision again. */
    private ReplicaSet keepRevisionNewest(Deployment deployment, ReplicaSet newReplicaSet,
            List<ReplicaSet> oldReplicaSets) {
        long wanted = maxRevision(oldReplicaSets) + 1;
        if (revisionOf(newReplicaSet) >= wanted) {
            return newReplicaSet;
        }
        ObjectNode patch = ClusterWriter.patch();
        patch.withObjectProperty("metadata").withObjectProperty("annotations").put(REVISION, Long.toString(wanted));
        return writer.patch(newReplicaSet, patch);
    }

    /** The Deployment carries its newest ReplicaSet's revision, which {@code kubectl rollout history} reads. */
    private void recordRevision(Deployment deployment, ReplicaSet newReplicaSet) {
        String revision = Long.toString(revisionOf(newReplicaSet));
        if (!revision.equals(deployment.getMetadata().getAnnotations().get(REVISION))) {
            ObjectNode patch = ClusterWriter.patch();
            patch.withObjectProperty("metadata").withObjectProperty("annotations").put(REVISION, revision);
            writer.patch(deployment, patch);
        }
    }

    static long revisionOf(ReplicaSet replicaSet) {
        try {
            return Long.parseLong(replicaSet.getMetadata().getAnnotations().getOrDefault(REVISION, "0"));
        } catch (NumberFormatException notARevision) {
            return 0;
        }
    }

    private static long maxRevision(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().mapToLong(DeploymentController::revisionOf).max().orElse(0);
    }

    private boolean rollingUpdate(Deployment deployment, DeploymentSpecs spec, ReplicaSet newReplicaSet,
            List<ReplicaSet> oldReplicaSets, Instant now) {
        int current = replicas(newReplicaSet);
        if (current > spec.replicas()) {
            return scale(deployment, spec, newReplicaSet, spec.replicas(), now);
        }
        if (current < spec.replicas()) {
            int wanted = newReplicaSetReplicas(spec, current, oldReplicaSets);
            if (wanted != current) {
                return scale(deployment, spec, newReplicaSet, wanted, now);
            }
        }
        return scaleDownOld(deployment, spec, current(newReplicaSet), oldReplicaSets, now);
    }

    /** How far the new ReplicaSet may grow: up to {@code replicas + maxSurge} pods in all. */
    private static int newReplicaSetReplicas(DeploymentSpecs spec, int newReplicas, List<ReplicaSet> oldReplicaSets) {
        int allPods = newReplicas + oldReplicaSets.stream().mapToInt(DeploymentController::replicas).sum();
        int maxTotal = spec.replicas() + spec.maxSurge();
        if (allPods >= maxTotal) {
            return newReplicas;
        }
        return newReplicas + Math.min(maxTotal - allPods, spec.replicas() - newReplicas);
    }

    /**
     * Scales old ReplicaSets down while at least {@code replicas - maxUnavailable} pods stay available:
     * their unavailable pods first, since removing them costs no availability, then available ones.
     */
    private boolean scaleDownOld(Deployment deployment, DeploymentSpecs spec, ReplicaSet newReplicaSet,
            List<ReplicaSet> oldReplicaSets, Instant now) {
        List<ReplicaSet> old = new ArrayList<>(oldReplicaSets.stream().map(this::current).toList());
        if (old.stream().mapToInt(DeploymentController::replicas).sum() == 0) {
            return false;
        }
        int allPods = replicas(newReplicaSet) + old.stream().mapToInt(DeploymentController::replicas).sum();
        int minAvailable = spec.replicas() - spec.maxUnavailable();
        int newUnavailable = replicas(newReplicaSet) - available(newReplicaSet);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = 0;
        for (int i = 0; i < old.size() && cleaned < maxScaledDown; i++) {
            ReplicaSet replicaSet = old.get(i);
            int unhealthy = replicas(replicaSet) - available(replicaSet);
            if (replicas(replicaSet) == 0 || unhealthy == 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            scale(deployment, spec, replicaSet, replicas(replicaSet) - down, now);
            old.set(i, current(replicaSet));
            cleaned += down;
        }
        int availablePods = available(newReplicaSet) + old.stream().mapToInt(DeploymentController::available).sum();
        int toScaleDown = availablePods - minAvailable;
        int scaledDown = 0;
        for (ReplicaSet replicaSet : old) {
            if (scaledDown >= toScaleDown) {
                break;
            }
            if (replicas(replicaSet) == 0) {
                continue;
            }
            int down = Math.min(replicas(replicaSet), toScaleDown - scaledDown);
            scale(deployment, spec, replicaSet, replicas(replicaSet) - down, now);
            scaledDown += down;
        }
        return cleaned + scaledDown > 0;
    }

    private boolean recreate(Deployment deployment, DeploymentSpecs spec, ReplicaSet newReplicaSet,
            List<ReplicaSet> oldReplicaSets, Instant now) {
        boolean scaled = false;
        for (ReplicaSet old : oldReplicaSets) {
            if (replicas(current(old)) > 0) {
                scaled |= scale(deployment, spec, current(old), 0, now);
            }
        }
        if (scaled || activePods(oldReplicaSets)) {
            return scaled;
        }
        return scale(deployment, spec, current(newReplicaSet), spec.replicas(), now);
    }

    private boolean activePods(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().anyMatch(replicaSet -> !ReplicaSetController.activePods(state, current(replicaSet))
                .isEmpty());
    }

    private boolean scale(Deployment deployment, DeploymentSpecs spec, ReplicaSet replicaSet, int replicas,
            Instant now) {
        int from = replicas(replicaSet);
        if (from == replicas) {
            return false;
        }
        ObjectNode patch = ClusterWriter.patch();
        patch.withObjectProperty("spec").put("replicas", replicas);
        ObjectNode annotations = patch.withObjectProperty("metadata").withObjectProperty("annotations");
        annotations.put(DESIRED_REPLICAS, Integer.toString(spec.replicas()));
        annotations.put(MAX_REPLICAS, Integer.toString(spec.replicas() + spec.maxSurge()));
        ReplicaSet scaled = writer.patch(replicaSet, patch);
        events.normal(deployment, EventRecorder.DEPLOYMENT_CONTROLLER, "ScalingReplicaSet",
                "Scaled " + (replicas > from ? "up" : "down") + " replica set " + scaled.getMetadata().getName()
                        + " from " + from + " to " + replicas, now);
        return true;
    }

    /** Old ReplicaSets scaled to nothing beyond {@code revisionHistoryLimit} go, oldest revision first. */
    private void removeOldHistory(DeploymentSpecs spec, List<ReplicaSet> oldReplicaSets) {
        List<ReplicaSet> empty = oldReplicaSets.stream().map(this::current)
                .filter(replicaSet -> replicas(replicaSet) == 0 && statusReplicas(replicaSet) == 0)
                .sorted(Comparator.comparingLong(DeploymentController::revisionOf)).toList();
        for (int i = 0; i < empty.size() - spec.revisionHistoryLimit(); i++) {
            writer.delete(empty.get(i));
        }
    }

    private boolean complete(Deployment deployment, DeploymentSpecs spec, List<ReplicaSet> all) {
        DeploymentStatus status = deployment.getStatus();
        return status != null && Objects.equals(status.getUpdatedReplicas(), spec.replicas())
                && Objects.equals(status.getAvailableReplicas(), spec.replicas())
                && all.stream().mapToInt(replicaSet -> replicas(current(replicaSet))).sum() == spec.replicas();
    }

    private void syncStatus(Deployment deployment, DeploymentSpecs spec, ReplicaSet newReplicaSet,
            List<ReplicaSet> all, List<DeploymentCondition> conditions, Instant now, boolean estimateProgress) {
        int replicas = all.stream().mapToInt(DeploymentController::statusReplicas).sum();
        int updated = newReplicaSet == null ? 0 : statusReplicas(newReplicaSet);
        int ready = all.stream().mapToInt(replicaSet -> orZero(replicaSet.getStatus() == null ? null
                : replicaSet.getStatus().getReadyReplicas())).sum();
        int available = all.stream().mapToInt(DeploymentController::statusAvailable).sum();
        int total = all.stream().mapToInt(DeploymentController::replicas).sum();
        boolean minimum = available >= spec.replicas() - spec.maxUnavailable();
        setCondition(conditions, minimum
                ? condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
                : condition(AVAILABLE, "False", "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.", now));
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration()).withReplicas(omitZero(replicas))
                .withUpdatedReplicas(omitZero(updated)).withReadyReplicas(omitZero(ready))
                .withAvailableReplicas(omitZero(available)).withUnavailableReplicas(omitZero(Math.max(0, total - available)))
                .withCollisionCount(deployment.getStatus() == null ? null : deployment.getStatus().getCollisionCount())
                .withConditions(conditions).build();
        if (estimateProgress) {
            estimateProgress(deployment, spec, newReplicaSet, status, now);
        }
        if (!Objects.equals(deployment.getStatus(), status)) {
            writer.replaceStatus(new DeploymentBuilder(deployment).withStatus(status).build());
        }
        scheduleDeadlineCheck(deployment, spec, status, now);
    }

    private void estimateProgress(Deployment deployment, DeploymentSpecs spec, ReplicaSet newReplicaSet,
            DeploymentStatus status, Instant now) {
        List<DeploymentCondition> conditions = status.getConditions();
        Optional<DeploymentCondition> progressing = find(conditions, PROGRESSING);
        if (orZero(status.getReplicas()) == orZero(status.getUpdatedReplicas()) && progressing
                .filter(condition -> NEW_REPLICA_SET_AVAILABLE.equals(condition.getReason())).isPresent()) {
            return;
        }
        String name = newReplicaSet.getMetadata().getName();
        DeploymentStatus before = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        if (completed(deployment, spec, status)) {
            setCondition(conditions, condition(PROGRESSING, "True", NEW_REPLICA_SET_AVAILABLE,
                    "ReplicaSet \"" + name + "\" has successfully progressed.", now));
        } else if (progressed(before, status)) {
            DeploymentCondition condition = condition(PROGRESSING, "True", REPLICA_SET_UPDATED,
                    "ReplicaSet \"" + name + "\" is progressing.", now);
            if (progressing.isPresent() && "True".equals(progressing.get().getStatus())) {
                condition.setLastTransitionTime(progressing.get().getLastTransitionTime());
            }
            conditions.removeIf(existing -> PROGRESSING.equals(existing.getType()));
            conditions.add(condition);
        } else if (timedOut(spec, progressing, now)) {
            setCondition(conditions, condition(PROGRESSING, "False", PROGRESS_DEADLINE_EXCEEDED,
                    "ReplicaSet \"" + name + "\" has timed out progressing.", now));
        }
    }

    private static boolean completed(Deployment deployment, DeploymentSpecs spec, DeploymentStatus status) {
        return orZero(status.getUpdatedReplicas()) == spec.replicas() && orZero(status.getReplicas()) == spec.replicas()
                && orZero(status.getAvailableReplicas()) == spec.replicas()
                && status.getObservedGeneration() != null && deployment.getMetadata().getGeneration() != null
                && status.getObservedGeneration() >= deployment.getMetadata().getGeneration();
    }

    private static boolean progressed(DeploymentStatus before, DeploymentStatus after) {
        int oldBefore = orZero(before.getReplicas()) - orZero(before.getUpdatedReplicas());
        int oldAfter = orZero(after.getReplicas()) - orZero(after.getUpdatedReplicas());
        return orZero(after.getUpdatedReplicas()) > orZero(before.getUpdatedReplicas()) || oldAfter < oldBefore
                || orZero(after.getReadyReplicas()) > orZero(before.getReadyReplicas())
                || orZero(after.getAvailableReplicas()) > orZero(before.getAvailableReplicas());
    }

    private static boolean timedOut(DeploymentSpecs spec, Optional<DeploymentCondition> progressing, Instant now) {
        if (progressing.isEmpty() || NEW_REPLICA_SET_AVAILABLE.equals(progressing.get().getReason())) {
            return false;
        }
        if (PROGRESS_DEADLINE_EXCEEDED.equals(progressing.get().getReason())) {
            return true;
        }
        return lastUpdate(progressing.get()).map(time -> time.plusSeconds(spec.progressDeadlineSeconds()).isBefore(now))
                .orElse(false);
    }

    /** A rollout that makes no progress is looked at again when its deadline passes. */
    private void scheduleDeadlineCheck(Deployment deployment, DeploymentSpecs spec, DeploymentStatus status,
            Instant now) {
        Optional<DeploymentCondition> progressing = find(status.getConditions(), PROGRESSING);
        if (spec.paused() || progressing.isEmpty() || completed(deployment, spec, status)
                || !"True".equals(progressing.get().getStatus())) {
            return;
        }
        lastUpdate(progressing.get()).ifPresent(time -> {
            // Timestamps are whole seconds: a second more and the deadline has surely passed.
            wakeUpAt(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                    time.plusSeconds(spec.progressDeadlineSeconds() + 1L));
        });
    }

    private static Optional<Instant> lastUpdate(DeploymentCondition condition) {
        return Timestamps.parse(condition.getLastUpdateTime());
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message,
            Instant now) {
        String time = Timestamps.format(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(time).withLastTransitionTime(time).build();
    }

    /** As Kubernetes sets a condition: unchanged when status and reason are, keeping the transition time when the status is. */
    private static void setCondition(List<DeploymentCondition> conditions, DeploymentCondition wanted) {
        Optional<DeploymentCondition> existing = find(conditions, wanted.getType());
        if (existing.isPresent() && existing.get().getStatus().equals(wanted.getStatus())
                && Objects.equals(existing.get().getReason(), wanted.getReason())) {
            return;
        }
        if (existing.isPresent() && existing.get().getStatus().equals(wanted.getStatus())) {
            wanted.setLastTransitionTime(existing.get().getLastTransitionTime());
        }
        conditions.removeIf(condition -> condition.getType().equals(wanted.getType()));
        conditions.add(wanted);
    }

    static Optional<DeploymentCondition> find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    private ReplicaSet current(ReplicaSet replicaSet) {
        return state.replicaSets.get(replicaSet.getMetadata().getNamespace(), replicaSet.getMetadata().getName())
                .orElse(replicaSet);
    }

    private List<ReplicaSet> currentAll(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().map(this::current).toList();
    }

    static int replicas(ReplicaSet replicaSet) {
        return orZero(replicaSet.getSpec().getReplicas());
    }

    private static int statusReplicas(ReplicaSet replicaSet) {
        return replicaSet.getStatus() == null ? 0 : orZero(replicaSet.getStatus().getReplicas());
    }

    private static int statusAvailable(ReplicaSet replicaSet) {
        return replicaSet.getStatus() == null ? 0 : orZero(replicaSet.getStatus().getAvailableReplicas());
    }

    /**
     * Available pods the ReplicaSet keeps: no more than its replicas, since the pods above them are
     * about to be deleted even while its status still counts them.
     */
    private static int available(ReplicaSet replicaSet) {
        return Math.min(statusAvailable(replicaSet), replicas(replicaSet));
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** As the API server writes a status: zero counts are left out. */
    static Integer omitZero(int value) {
        return value == 0 ? null : value;
    }
}
