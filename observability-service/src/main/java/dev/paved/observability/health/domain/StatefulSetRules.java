package dev.paved.observability.health.domain;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

/**
 * The rules about a StatefulSet's own status (the S rows of {@link HealthAssessment}'s table), read
 * as {@code kubectl rollout status} reads it: the observed generation, then ready pods, then the
 * rolling update as far as its partition lets it go. With {@code OnDelete} pods change only when
 * someone deletes them, so no update is waited for.
 */
final class StatefulSetRules {

    private StatefulSetRules() {
    }

    static void assess(StatefulSet statefulSet, List<Finding> findings) {
        String object = NamespaceObjects.object(statefulSet);
        StatefulSetSpec spec = statefulSet.getSpec() == null ? new StatefulSetSpec() : statefulSet.getSpec();
        StatefulSetStatus status = statefulSet.getStatus() == null ? new StatefulSetStatus() : statefulSet.getStatus();
        long generation = Counts.orZero(statefulSet.getMetadata().getGeneration());
        long observed = Counts.orZero(status.getObservedGeneration());
        if (observed == 0 || generation > observed) {
            findings.add(RolloutFindings.generationNotObserved(object, generation, observed));
            return;
        }
        int desired = spec.getReplicas() == null ? 1 : spec.getReplicas();
        int replicas = Counts.orZero(status.getReplicas());
        int ready = Counts.orZero(status.getReadyReplicas());
        int updated = Counts.orZero(status.getUpdatedReplicas());
        if (desired == 0 && replicas == 0) {
            findings.add(RolloutFindings.scaledToZero("StatefulSet", object));
            return;
        }
        if (ready < desired) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, ready + " of " + desired
                    + " pods are ready", object));
            return;
        }
        if (replicas > desired) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, (replicas - desired)
                    + " pods above the desired " + desired + " are pending termination", object));
            return;
        }
        StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return;
        }
        int partition = strategy == null || strategy.getRollingUpdate() == null ? 0
                : Counts.orZero(strategy.getRollingUpdate().getPartition());
        int toUpdate = Math.max(0, desired - partition);
        if (updated < toUpdate) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, updated + " of " + toUpdate
                    + " pods have been updated" + (partition == 0 ? "" : " (partition " + partition + ")"), object));
        } else if (partition == 0 && status.getUpdateRevision() != null && status.getCurrentRevision() != null
                && !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, "the rolling update to revision "
                    + status.getUpdateRevision() + " has not completed", object));
        }
    }
}
