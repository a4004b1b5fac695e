package dev.paved.provisioning.deployments.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far a Deployment's rollout has come, read the way {@code kubectl rollout status} reads it, with
 * pod failures that make waiting pointless:
 * <ol>
 * <li>no Deployment: Progressing (not created yet) – the caller decides when that is a failure;</li>
 * <li>{@code spec.replicas} 0: RolledOut (scaled to zero, nothing to roll out);</li>
 * <li>{@code metadata.generation} above {@code status.observedGeneration}: Progressing, the controller has
 * not seen the change;</li>
 * <li>condition {@code Progressing} with reason {@code ProgressDeadlineExceeded}: Failed;</li>
 * <li>a pod of the newest ReplicaSet waiting with CrashLoopBackOff, ImagePullBackOff, ErrImagePull,
 * CreateContainerConfigError or InvalidImageName, or last terminated OOMKilled and not running: Failed;</li>
 * <li>{@code updatedReplicas} below {@code spec.replicas}: Progressing (n of m updated);</li>
 * <li>{@code status.replicas} above {@code updatedReplicas}: Progressing (old replicas terminating);</li>
 * <li>{@code availableReplicas} below {@code updatedReplicas}: Progressing (n of m available);</li>
 * <li>otherwise RolledOut.</li>
 * </ol>
 * A CronJob has no rollout: it is RolledOut once it exists.
 * <p>
 * ReplicaSets are asked for only when step 5 is reached, and pods only when a ReplicaSet carries the
 * Deployment's current template: each is a list request to the API server, which a reader following
 * many rollouts saves while their controllers have not caught up.
 */
public final class RolloutAssessment {

    private static final Set<String> FAILING_WAITS = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError", "InvalidImageName");
    private static final String TEMPLATE_HASH = "pod-template-hash";

    private RolloutAssessment() {
    }

    /**
     * @param deployment  the live Deployment, if any
     * @param replicaSets the ReplicaSets of its namespace that it owns, read when needed
     * @param pods        the pods its selector selects, read when needed
     */
    public static Rollout ofDeployment(Optional<JsonNode> deployment, Supplier<List<JsonNode>> replicaSets,
            Supplier<List<JsonNode>> pods, Instant now) {
        if (deployment.isEmpty()) {
            return new Rollout(RolloutState.PROGRESSING, "Waiting for the Deployment to be created.", now, 0, 0, 0, 0);
        }
        JsonNode live = deployment.get();
        JsonNode spec = live.path("spec");
        JsonNode status = live.path("status");
        int desired = spec.path("replicas").asInt(1);
        int updated = status.path("updatedReplicas").asInt(0);
        int ready = status.path("readyReplicas").asInt(0);
        int available = status.path("availableReplicas").asInt(0);
        int total = status.path("replicas").asInt(0);
        if (desired == 0) {
            return new Rollout(RolloutState.ROLLED_OUT, "Scaled to zero replicas.", now, 0, updated, ready, available);
        }
        if (live.path("metadata").path("generation").asLong(0) > status.path("observedGeneration").asLong(0)) {
            return new Rollout(RolloutState.PROGRESSING, "Waiting for the Deployment's controller to observe the"
                    + " change.", now, desired, updated, ready, available);
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("Progressing".equals(condition.path("type").asText())
                    && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
                return new Rollout(RolloutState.FAILED, "ProgressDeadlineExceeded: " + condition.path("message")
                        .asText("the rollout made no progress within its deadline"), now, desired, updated, ready,
                        available);
            }
        }
        Optional<String> failing = newestTemplateHash(live, replicaSets.get())
                .flatMap(hash -> failingPod(hash, pods.get()));
        if (failing.isPresent()) {
            return new Rollout(RolloutState.FAILED, failing.get(), now, desired, updated, ready, available);
        }
        if (updated < desired) {
            return new Rollout(RolloutState.PROGRESSING, updated + " of " + desired + " new replicas updated.", now,
                    desired, updated, ready, available);
        }
        if (total > updated) {
            return new Rollout(RolloutState.PROGRESSING, (total - updated) + " old replicas pending termination.",
                    now, desired, updated, ready, available);
        }
        if (available < updated) {
            return new Rollout(RolloutState.PROGRESSING, available + " of " + updated + " updated replicas available.",
                    now, desired, updated, ready, available);
        }
        return new Rollout(RolloutState.ROLLED_OUT, "Rolled out: " + available + " of " + desired
                + " replicas available.", now, desired, updated, ready, available);
    }

    public static Rollout ofCronJob(Optional<JsonNode> cronJob, Instant now) {
        return cronJob.isPresent()
                ? new Rollout(RolloutState.ROLLED_OUT, "Scheduled: "
                        + cronJob.get().path("spec").path("schedule").asText(), now, 0, 0, 0, 0)
                : new Rollout(RolloutState.PROGRESSING, "Waiting for the CronJob to be created.", now, 0, 0, 0, 0);
    }

    /**
     * The pod-template-hash of the Deployment's new ReplicaSet: the one whose pod template is the
     * Deployment's, apart from that label (how the Deployment controller itself finds it; revision
     * annotations lag behind a rollback, which reuses an older ReplicaSet).
     */
    private static Optional<String> newestTemplateHash(JsonNode deployment, List<JsonNode> replicaSets) {
        JsonNode wanted = deployment.path("spec").path("template");
        for (JsonNode set : replicaSets) {
            String hash = set.path("metadata").path("labels").path(TEMPLATE_HASH).asText(null);
            if (hash == null) {
                continue;
            }
            ObjectNode template = set.path("spec").path("template").deepCopy();
            JsonNode labels = template.path("metadata").path("labels");
            if (labels instanceof ObjectNode labelObject) {
                labelObject.remove(TEMPLATE_HASH);
            }
            if (template.equals(wanted)) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> failingPod(String templateHash, List<JsonNode> pods) {
        for (JsonNode pod : pods) {
            if (!templateHash.equals(pod.path("metadata").path("labels").path(TEMPLATE_HASH).asText(null))
                    || pod.path("metadata").has("deletionTimestamp")) {
                continue;
            }
            String name = pod.path("metadata").path("name").asText();
            for (JsonNode container : pod.path("status").path("containerStatuses")) {
                String waiting = container.path("state").path("waiting").path("reason").asText("");
                if (FAILING_WAITS.contains(waiting)) {
                    return Optional.of("Pod " + name + ": container " + container.path("name").asText() + " is "
                            + waiting + messageOf(container.path("state").path("waiting")));
                }
                boolean running = container.path("state").has("running");
                if (!running && "OOMKilled".equals(container.path("lastState").path("terminated").path("reason")
                        .asText())) {
                    return Optional.of("Pod " + name + ": container " + container.path("name").asText()
                            + " was OOMKilled.");
                }
            }
        }
        return Optional.empty();
    }

    private static String messageOf(JsonNode waiting) {
        String message = waiting.path("message").asText("");
        return message.isEmpty() ? "." : ": " + message;
    }
}
