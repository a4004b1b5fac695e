package dev.paved.observability.health.domain;

import java.util.List;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;

/**
 * The rules about a Deployment's own status (the D rows of {@link HealthAssessment}'s table), read
 * as {@code kubectl rollout status} reads it: nothing in the status counts before the controller has
 * observed the current generation; then a progress deadline, then the replica counts.
 */
final class DeploymentRules {

    private DeploymentRules() {
    }

    static void assess(Deployment deployment, NamespaceObjects objects, List<Finding> findings) {
        String object = NamespaceObjects.object(deployment);
        DeploymentSpec spec = deployment.getSpec() == null ? new DeploymentSpec() : deployment.getSpec();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        replicaFailures(deployment, status, objects, findings);
        if (Boolean.TRUE.equals(spec.getPaused())) {
            findings.add(Finding.of(Health.SUSPENDED, Reasons.PAUSED,
                    "the Deployment is paused: its rollout does not proceed", object));
            return;
        }
        long generation = Counts.orZero(deployment.getMetadata().getGeneration());
        long observed = Counts.orZero(status.getObservedGeneration());
        if (generation > observed) {
            findings.add(RolloutFindings.generationNotObserved(object, generation, observed));
            return;
        }
        DeploymentCondition progressing = condition(status, "Progressing");
        if (progressing != null && Reasons.PROGRESS_DEADLINE_EXCEEDED.equals(progressing.getReason())) {
            Integer deadline = spec.getProgressDeadlineSeconds();
            findings.add(Finding.of(Health.DEGRADED, Reasons.PROGRESS_DEADLINE_EXCEEDED, "the rollout made no progress"
                    + (deadline == null ? "" : " for " + deadline + "s")
                    + (progressing.getMessage() == null ? "" : ": " + progressing.getMessage()), object));
        }
        int desired = spec.getReplicas() == null ? 1 : spec.getReplicas();
        int replicas = Counts.orZero(status.getReplicas());
        int updated = Counts.orZero(status.getUpdatedReplicas());
        int available = Counts.orZero(status.getAvailableReplicas());
        if (desired == 0 && replicas == 0) {
            findings.add(RolloutFindings.scaledToZero("Deployment", object));
        } else if (updated < desired) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, updated + " of " + desired
                    + " new replicas have been updated", object));
        } else if (replicas > updated) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, (replicas - updated)
                    + " old replicas are pending termination", object));
        } else if (available < updated) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.ROLLOUT_IN_PROGRESS, available + " of " + updated
                    + " updated replicas are available", object));
        }
    }

    /** The Deployment, or one of its ReplicaSets, cannot create pods (a quota, a policy, a missing account). */
    private static void replicaFailures(Deployment deployment, DeploymentStatus status, NamespaceObjects objects,
            List<Finding> findings) {
        DeploymentCondition own = condition(status, Reasons.REPLICA_FAILURE);
        if (own != null && "True".equals(own.getStatus())) {
            findings.add(Finding.of(Health.DEGRADED, Reasons.REPLICA_FAILURE,
                    describe(own.getReason(), own.getMessage()), NamespaceObjects.object(deployment)));
            return;
        }
        for (ReplicaSet replicaSet : objects.replicaSetsOf(deployment)) {
            List<ReplicaSetCondition> conditions = replicaSet.getStatus() == null ? null
                    : replicaSet.getStatus().getConditions();
            if (conditions == null) {
                continue;
            }
            for (ReplicaSetCondition condition : conditions) {
                if (Reasons.REPLICA_FAILURE.equals(condition.getType()) && "True".equals(condition.getStatus())) {
                    findings.add(Finding.of(Health.DEGRADED, Reasons.REPLICA_FAILURE,
                            describe(condition.getReason(), condition.getMessage()),
                            NamespaceObjects.object(replicaSet)));
                }
            }
        }
    }

    private static String describe(String reason, String message) {
        return "pods cannot be created" + (reason == null ? "" : " (" + reason + ")")
                + (message == null ? "" : ": " + message);
    }

    private static DeploymentCondition condition(DeploymentStatus status, String type) {
        if (status.getConditions() == null) {
            return null;
        }
        for (DeploymentCondition condition : status.getConditions()) {
            if (type.equals(condition.getType())) {
                return condition;
            }
        }
        return null;
    }
}
