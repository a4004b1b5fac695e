package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.ago;
import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.deploymentCondition;
import static dev.paved.observability.health.domain.Fixtures.failing;
import static dev.paved.observability.health.domain.Fixtures.lastTerminated;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static dev.paved.observability.health.domain.Fixtures.running;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static dev.paved.observability.health.domain.RuleRow.row;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** The D and W2 rows of {@link HealthAssessment}'s table. */
class DeploymentRulesTest {

    private static final Deployment WEB = deployment("web", 3).build();
    private static final ReplicaSet CURRENT = replicaSet(WEB, "7d9f8c6b5");
    private static final ReplicaSet OLD = replicaSet(WEB, "5c8d7f4b9");

    static Stream<RuleRow> rows() {
        return Stream.of(
                row("every replica updated and available → Healthy",
                        with(WEB), "web", Health.HEALTHY),
                row("D1 paused → Suspended",
                        with(deployment("web", 3).editSpec().withPaused(true).endSpec().build()), "web",
                        Health.SUSPENDED, "Paused Deployment/web"),
                row("D1 paused mid-rollout → Suspended: a paused rollout does not proceed",
                        with(deployment("web", 3).editSpec().withPaused(true).endSpec()
                                .editStatus().withUpdatedReplicas(1).endStatus().build()), "web",
                        Health.SUSPENDED, "Paused Deployment/web"),
                row("D1 paused with a crashing pod → Degraded, paused still said",
                        with(deployment("web", 3).editSpec().withPaused(true).endSpec().build(), CURRENT,
                                withContainers(pod("web-7d9f8c6b5-x2k9p", CURRENT),
                                        waiting("app", "CrashLoopBackOff", "back-off 5m0s", 6))), "web",
                        Health.DEGRADED, "CrashLoopBackOff Pod/web-7d9f8c6b5-x2k9p", "Paused Deployment/web"),
                row("D2 a ReplicaSet cannot create pods (quota) → Degraded, about the ReplicaSet",
                        with(deployment("web", 3).editStatus().withReplicas(2).withUpdatedReplicas(2)
                                .withAvailableReplicas(2).endStatus().build(),
                                failing(CURRENT, "FailedCreate", "pods \"web-7d9f8c6b5-q7wzt\" is forbidden: "
                                        + "exceeded quota: compute, requested: limits.cpu=500m")), "web",
                        Health.DEGRADED, "ReplicaFailure ReplicaSet/web-7d9f8c6b5", "RolloutInProgress Deployment/web")
                        .saying("exceeded quota"),
                row("D2 the Deployment's own ReplicaFailure condition → Degraded, about the Deployment",
                        with(deployment("web", 3).editStatus().addToConditions(deploymentCondition("ReplicaFailure",
                                "True", "FailedCreate", "serviceaccount \"web\" not found")).endStatus().build()),
                        "web", Health.DEGRADED, "ReplicaFailure Deployment/web")
                        .saying("serviceaccount \"web\" not found"),
                row("D2 a ReplicaFailure condition that is False → Healthy",
                        with(deployment("web", 3).editStatus().addToConditions(deploymentCondition("ReplicaFailure",
                                "False", null, null)).endStatus().build()), "web", Health.HEALTHY),
                row("D3 a generation not yet observed → Progressing",
                        with(deployment("web", 3).editMetadata().withGeneration(2L).endMetadata().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web")
                        .saying("observe generation 2"),
                row("D3 a generation not yet observed hides the older status's verdict",
                        with(deployment("web", 3).editMetadata().withGeneration(2L).endMetadata()
                                .editStatus().withConditions(deploymentCondition("Progressing", "False",
                                        "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing."))
                                .endStatus().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web"),
                row("D3 a Deployment without any status yet → Progressing",
                        with(new DeploymentBuilder(WEB).withStatus(null).build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web"),
                row("D4 progress deadline exceeded → Degraded",
                        with(deployment("web", 3).editStatus().withUpdatedReplicas(1).withConditions(
                                deploymentCondition("Progressing", "False", "ProgressDeadlineExceeded",
                                        "ReplicaSet \"web-7d9f8c6b5\" has timed out progressing."))
                                .endStatus().build()),
                        "web", Health.DEGRADED, "ProgressDeadlineExceeded Deployment/web",
                        "RolloutInProgress Deployment/web")
                        .saying("no progress for 600s: ReplicaSet \"web-7d9f8c6b5\" has timed out progressing."),
                row("D5 scaled to zero, no replica left → Suspended",
                        with(deployment("web", 0).build()), "web", Health.SUSPENDED, "ScaledToZero Deployment/web"),
                row("D5 scaled to zero with replicas still terminating → Progressing",
                        with(deployment("web", 0).editStatus().withReplicas(2).endStatus().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web")
                        .saying("2 old replicas are pending termination"),
                row("D6 fewer replicas updated than desired → Progressing",
                        with(deployment("web", 3).editStatus().withUpdatedReplicas(1).endStatus().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web")
                        .saying("1 of 3 new replicas have been updated"),
                row("D7 old replicas pending termination → Progressing",
                        with(deployment("web", 3).editStatus().withReplicas(4).endStatus().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web")
                        .saying("1 old replicas are pending termination"),
                row("D8 fewer replicas available than updated → Progressing",
                        with(deployment("web", 3).editStatus().withAvailableReplicas(2).endStatus().build()), "web",
                        Health.PROGRESSING, "RolloutInProgress Deployment/web")
                        .saying("2 of 3 updated replicas are available"),
                row("W2 being deleted → Progressing, its pods not read",
                        with(deployment("web", 3).editMetadata().withDeletionTimestamp(ago(Duration.ofSeconds(5)))
                                .endMetadata().build(), CURRENT,
                                withContainers(pod("web-7d9f8c6b5-x2k9p", CURRENT),
                                        waiting("app", "CrashLoopBackOff", null, 3))), "web",
                        Health.PROGRESSING, "Terminating Deployment/web"),
                row("a pod of an old ReplicaSet is held to the pod rules too",
                        with(WEB, CURRENT, OLD, pod("web-7d9f8c6b5-x2k9p", CURRENT).build(),
                                withContainers(pod("web-5c8d7f4b9-q7wzt", OLD),
                                        waiting("app", "CrashLoopBackOff", null, 4))), "web",
                        Health.DEGRADED, "CrashLoopBackOff Pod/web-5c8d7f4b9-q7wzt"),
                row("an evicted pod the ReplicaSet has replaced is not read",
                        with(WEB, CURRENT, pod("web-7d9f8c6b5-x2k9p", CURRENT).build(),
                                new PodBuilder(withContainers(pod("web-7d9f8c6b5-q7wzt", CURRENT),
                                        lastTerminated(running("app", false, Duration.ofHours(2), 0), "OOMKilled", 137,
                                                Duration.ofMinutes(1))))
                                        .editStatus().withPhase("Failed").withReason("Evicted").endStatus().build()),
                        "web", Health.HEALTHY),
                row("a pod being deleted is not read",
                        with(WEB, CURRENT, terminating(withContainers(pod("web-7d9f8c6b5-q7wzt", CURRENT),
                                waiting("app", "CrashLoopBackOff", null, 2)))),
                        "web", Health.HEALTHY),
                row("a pod of another Deployment is not this one's",
                        with(WEB, CURRENT, deployment("api", 1).build(),
                                withContainers(pod("api-6b7c8d9f5-m4nbv", replicaSet(deployment("api", 1).build(),
                                        "6b7c8d9f5")), waiting("app", "CrashLoopBackOff", null, 9))),
                        "web", Health.HEALTHY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aDeploymentIsAsHealthyAsItsRolloutAndItsPods(RuleRow row) {
        row.check();
    }

    private static List<HasMetadata> with(HasMetadata... objects) {
        return List.of(objects);
    }

    private static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp(ago(Duration.ofSeconds(10))).endMetadata()
                .build();
    }
}
