package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RolloutAssessmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "{\"metadata\": {\"labels\": {\"app\": \"web\"}}, \"spec\": {\"containers\": [{\"name\": \"main\", \"image\": \"web:2\"}]}}";
    private static final String OLD_TEMPLATE = TEMPLATE.replace("web:2", "web:1");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode deployment(int replicas, long generation, long observed, int total, int updated,
            int available, String progressingReason) {
        return json("""
                {"metadata": {"name": "web", "generation": %d},
                 "spec": {"replicas": %d, "template": %s},
                 "status": {"observedGeneration": %d, "replicas": %d, "updatedReplicas": %d, "readyReplicas": %d,
                            "availableReplicas": %d,
                            "conditions": [{"type": "Progressing", "status": "True", "reason": "%s"}]}}
                """.formatted(generation, replicas, TEMPLATE, observed, total, updated, available, available,
                progressingReason));
    }

    private static JsonNode replicaSet(String hash, String template) {
        JsonNode set = json("{\"metadata\": {\"name\": \"web-" + hash + "\", \"labels\": {\"pod-template-hash\": \""
                + hash + "\"}}, \"spec\": {\"template\": " + template + "}}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) set.path("spec").path("template").path("metadata")
                .path("labels")).put("pod-template-hash", hash);
        return set;
    }

    private static JsonNode pod(String hash, String containerState) {
        return json("{\"metadata\": {\"name\": \"web-" + hash + "-x\", \"labels\": {\"pod-template-hash\": \"" + hash
                + "\"}}, \"status\": {\"containerStatuses\": [{\"name\": \"main\", " + containerState + "}]}}");
    }

    /** Each rule of RolloutAssessment, in its order; the new ReplicaSet is "new", the previous one "old". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "scaled to zero                          | 0 | 2 | 2 | 0 | 0 | 0 | NewReplicaSetAvailable   | new | running     | ROLLED_OUT",
            "change not yet observed                 | 2 | 3 | 2 | 2 | 2 | 2 | NewReplicaSetAvailable   | new | running     | PROGRESSING",
            "progress deadline exceeded              | 2 | 2 | 2 | 2 | 1 | 1 | ProgressDeadlineExceeded | new | running     | FAILED",
            "new pod crash-looping                   | 2 | 2 | 2 | 3 | 1 | 2 | ReplicaSetUpdated        | new | crashloop   | FAILED",
            "new pod cannot pull its image           | 2 | 2 | 2 | 3 | 1 | 2 | ReplicaSetUpdated        | new | imagepull   | FAILED",
            "new pod OOMKilled and waiting           | 2 | 2 | 2 | 3 | 1 | 2 | ReplicaSetUpdated        | new | oomkilled   | FAILED",
            "old pod crash-looping does not count    | 2 | 2 | 2 | 3 | 1 | 2 | ReplicaSetUpdated        | old | crashloop   | PROGRESSING",
            "not all replicas updated                | 2 | 2 | 2 | 3 | 1 | 2 | ReplicaSetUpdated        | new | running     | PROGRESSING",
            "old replicas still terminating          | 2 | 2 | 2 | 3 | 2 | 2 | ReplicaSetUpdated        | new | running     | PROGRESSING",
            "updated but not all available           | 2 | 2 | 2 | 2 | 2 | 1 | ReplicaSetUpdated        | new | running     | PROGRESSING",
            "every replica updated and available     | 2 | 2 | 2 | 2 | 2 | 2 | NewReplicaSetAvailable   | new | running     | ROLLED_OUT",
    })
    void readsADeploymentsRolloutAsKubectlRolloutStatusDoes(String why, int replicas, long generation, long observed,
            int total, int updated, int available, String reason, String podSet, String podState,
            RolloutState expected) {
        String state = switch (podState) {
            case "crashloop" -> "\"state\": {\"waiting\": {\"reason\": \"CrashLoopBackOff\"}}";
            case "imagepull" -> "\"state\": {\"waiting\": {\"reason\": \"ImagePullBackOff\"}}";
            case "oomkilled" -> "\"state\": {\"waiting\": {\"reason\": \"ContainerCreating\"}}, "
                    + "\"lastState\": {\"terminated\": {\"reason\": \"OOMKilled\"}}";
            default -> "\"state\": {\"running\": {}}";
        };
        Rollout rollout = RolloutAssessment.ofDeployment(Optional.of(deployment(replicas, generation, observed, total,
                updated, available, reason)), () -> List.of(replicaSet("new", TEMPLATE), replicaSet("old", OLD_TEMPLATE)),
                () -> List.of(pod(podSet, state)), Instant.EPOCH);
        assertEquals(expected, rollout.state(), why + ": " + rollout.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no Deployment yet | false | PROGRESSING",
            "a Deployment      | true  | ROLLED_OUT",
    })
    void aCronJobRollsOutOnceItExistsAndADeploymentOnlyOnceItIsThere(String why, boolean exists,
            RolloutState expectedCronJob) {
        Optional<JsonNode> cronJob = exists ? Optional.of(json("{\"spec\": {\"schedule\": \"0 * * * *\"}}"))
                : Optional.empty();
        assertEquals(expectedCronJob, RolloutAssessment.ofCronJob(cronJob, Instant.EPOCH).state(), why);
        if (!exists) {
            Rollout missing = RolloutAssessment.ofDeployment(Optional.empty(), RolloutAssessmentTest::notAsked,
                    RolloutAssessmentTest::notAsked, Instant.EPOCH);
            assertEquals(RolloutState.PROGRESSING, missing.state());
            assertTrue(missing.message().contains("created"), missing.message());
        }
    }

    /**
     * ReplicaSets and pods are list requests: asked for only when the Deployment's controller has
     * observed it and the deadline has not passed, pods only when a ReplicaSet has its template. The
     * namespace's only ReplicaSet is of the current template ("new") or an older one ("old"), and its
     * pod is crash-looping.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "scaled to zero                       | 0 | 2 | 2 | NewReplicaSetAvailable   | new | 0 | 0 | ROLLED_OUT",
            "change not yet observed              | 2 | 3 | 2 | ReplicaSetUpdated        | new | 0 | 0 | PROGRESSING",
            "a fresh Deployment, never observed   | 2 | 1 | 0 | ReplicaSetUpdated        | new | 0 | 0 | PROGRESSING",
            "progress deadline exceeded           | 2 | 2 | 2 | ProgressDeadlineExceeded | new | 0 | 0 | FAILED",
            "observed, no ReplicaSet of its template | 2 | 2 | 2 | ReplicaSetUpdated     | old | 1 | 0 | PROGRESSING",
            "observed, its new pod crash-looping  | 2 | 2 | 2 | ReplicaSetUpdated        | new | 1 | 1 | FAILED",
    })
    void asksForReplicaSetsAndPodsOnlyWhenTheyDecide(String why, int replicas, long generation, long observed,
            String reason, String replicaSet, int replicaSetLists, int podLists, RolloutState expected) {
        int[] asked = new int[2];
        Rollout rollout = RolloutAssessment.ofDeployment(Optional.of(deployment(replicas, generation, observed, 2, 1,
                1, reason)), () -> {
                    asked[0]++;
                    return List.of(replicaSet(replicaSet, replicaSet.equals("new") ? TEMPLATE : OLD_TEMPLATE));
                }, () -> {
                    asked[1]++;
                    return List.of(pod(replicaSet, "\"state\": {\"waiting\": {\"reason\": \"CrashLoopBackOff\"}}"));
                }, Instant.EPOCH);
        assertEquals(expected, rollout.state(), why + ": " + rollout.message());
        assertEquals(replicaSetLists, asked[0], why + ": ReplicaSet lists");
        assertEquals(podLists, asked[1], why + ": pod lists");
    }

    private static List<JsonNode> notAsked() {
        throw new AssertionError("listed although no Deployment needs it");
    }
}
