package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.lastTerminated;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.podCondition;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static dev.paved.observability.health.domain.Fixtures.running;
import static dev.paved.observability.health.domain.Fixtures.unschedulable;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.warning;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static dev.paved.observability.health.domain.RuleRow.row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * The P rows of {@link HealthAssessment}'s table, on the one pod of a Deployment whose own status is
 * complete (so that only the pod speaks) or, where the pod is not ready, one replica short of available.
 */
class PodRulesTest {

    private static final Deployment WEB = deployment("web", 1).build();
    private static final Deployment WEB_UNAVAILABLE = deployment("web", 1).editStatus().withAvailableReplicas(0)
            .withReadyReplicas(0).endStatus().build();
    private static final ReplicaSet SET = replicaSet(WEB, "7d9f8c6b5");
    private static final String POD = "web-7d9f8c6b5-x2k9p";
    private static final String ROLLOUT = "RolloutInProgress Deployment/web";

    static Stream<RuleRow> rows() {
        return Stream.of(
                row("a running, ready pod → Healthy",
                        web(pod(POD, SET).build()), "web", Health.HEALTHY),
                row("P1 CrashLoopBackOff → Degraded, with the restarts and the last exit",
                        unavailable(withContainers(pod(POD, SET), lastTerminated(waiting("app", "CrashLoopBackOff",
                                "back-off 5m0s restarting failed container=app pod=" + POD, 7), "Error", 1,
                                Duration.ofMinutes(2)))),
                        "web", Health.DEGRADED, "CrashLoopBackOff Pod/" + POD, ROLLOUT)
                        .saying("container app keeps exiting and is restarted with back-off, restarted 7 times; "
                                + "last exit Error, code 1: back-off 5m0s"),
                row("P1 an init container in CrashLoopBackOff → Degraded, naming the init container",
                        unavailable(new PodBuilder(pod(POD, SET).build()).editStatus().withPhase("Pending")
                                .withInitContainerStatuses(waiting("migrate", "CrashLoopBackOff", null, 3))
                                .withContainerStatuses(waiting("app", "PodInitializing", null, 0)).endStatus().build()),
                        "web", Health.DEGRADED, "CrashLoopBackOff Pod/" + POD, ROLLOUT)
                        .saying("init container migrate keeps exiting"),
                row("P2 ImagePullBackOff → Degraded, naming the image",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "ImagePullBackOff",
                                "Back-off pulling image \"registry.example.com/shop/web:1.4.2\"", 0))),
                        "web", Health.DEGRADED, "ImagePullBackOff Pod/" + POD, ROLLOUT)
                        .saying("container app cannot pull its image registry.example.com/shop/web:1.4.2"),
                row("P2 ErrImagePull → Degraded",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "ErrImagePull",
                                "manifest unknown", 0))),
                        "web", Health.DEGRADED, "ErrImagePull Pod/" + POD, ROLLOUT)
                        .saying("manifest unknown"),
                row("P2 InvalidImageName → Degraded",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "InvalidImageName",
                                "couldn't parse image name", 0))),
                        "web", Health.DEGRADED, "InvalidImageName Pod/" + POD, ROLLOUT),
                row("P3 CreateContainerConfigError → Degraded, with what is missing",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "CreateContainerConfigError",
                                "secret \"db-credentials\" not found", 0))),
                        "web", Health.DEGRADED, "CreateContainerConfigError Pod/" + POD, ROLLOUT)
                        .saying("cannot be created from its configuration: secret \"db-credentials\" not found"),
                row("P3 any other *Error wait (CreateContainerError) → Degraded",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "CreateContainerError",
                                "container name already in use", 0))),
                        "web", Health.DEGRADED, "CreateContainerError Pod/" + POD, ROLLOUT),
                row("P3 ContainerCreating is no failure → Progressing from the rollout only",
                        unavailable(withContainers(pod(POD, SET), waiting("app", "ContainerCreating", null, 0))),
                        "web", Health.PROGRESSING, ROLLOUT),
                row("P4 OOMKilled behind a CrashLoopBackOff → Degraded, both reasons",
                        unavailable(withContainers(pod(POD, SET), lastTerminated(waiting("app", "CrashLoopBackOff",
                                null, 4), "OOMKilled", 137, Duration.ofMinutes(1)))),
                        "web", Health.DEGRADED, "CrashLoopBackOff Pod/" + POD, "OOMKilled Pod/" + POD, ROLLOUT),
                row("P4 OOMKilled 3 minutes ago, ready again → Degraded: it is recent",
                        web(withContainers(pod(POD, SET), lastTerminated(running("app", true, Duration.ofMinutes(2),
                                1), "OOMKilled", 137, Duration.ofMinutes(3)))),
                        "web", Health.DEGRADED, "OOMKilled Pod/" + POD)
                        .saying("container app was killed for exceeding its memory limit at 2026-12-06T11:57:00Z "
                                + "(exit code 137), restarted 1 time"),
                row("P4 OOMKilled 2 hours ago, ready since → Healthy",
                        web(withContainers(pod(POD, SET), lastTerminated(running("app", true, Duration.ofHours(2),
                                1), "OOMKilled", 137, Duration.ofHours(2)))),
                        "web", Health.HEALTHY),
                row("P4 OOMKilled 2 hours ago and not ready now → Degraded",
                        unavailable(withContainers(pod(POD, SET), lastTerminated(running("app", false,
                                Duration.ofMinutes(1), 1), "OOMKilled", 137, Duration.ofHours(2)))),
                        "web", Health.DEGRADED, "OOMKilled Pod/" + POD, ROLLOUT),
                row("P4 a last termination that was no OOM kill → Healthy",
                        web(withContainers(pod(POD, SET), lastTerminated(running("app", true, Duration.ofMinutes(20),
                                1), "Error", 1, Duration.ofMinutes(21)))),
                        "web", Health.HEALTHY),
                row("P5 unschedulable for a minute → Progressing",
                        unavailable(unschedulable(POD, SET, Duration.ofMinutes(1))),
                        "web", Health.PROGRESSING, ROLLOUT, "Unschedulable Pod/" + POD)
                        .saying("no node can take the pod for 60s: 0/3 nodes are available: 3 Insufficient cpu."),
                row("P5 unschedulable for ten minutes → Degraded",
                        unavailable(unschedulable(POD, SET, Duration.ofMinutes(10))),
                        "web", Health.DEGRADED, "Unschedulable Pod/" + POD, ROLLOUT)
                        .saying("for 10m"),
                row("P5 PodScheduled=False for another reason (a scheduling gate) → Progressing from the rollout only",
                        unavailable(new PodBuilder(unschedulable(POD, SET, Duration.ofMinutes(30))).editStatus()
                                .withConditions(podCondition("PodScheduled", "False", "SchedulingGated", null,
                                        Duration.ofMinutes(30))).endStatus().build()),
                        "web", Health.PROGRESSING, ROLLOUT),
                row("P6 running without being ready for 10 minutes → Degraded, quoting the probe",
                        unavailable(withContainers(pod(POD, SET), running("app", false, Duration.ofMinutes(10), 0)),
                                warning("Pod", POD, "Unhealthy", "Readiness probe failed: HTTP probe failed with "
                                        + "statuscode: 500", 40, Duration.ofMinutes(3)),
                                warning("Pod", POD, "Unhealthy", "Readiness probe failed: HTTP probe failed with "
                                        + "statuscode: 503", 12, Duration.ofSeconds(5))),
                        "web", Health.DEGRADED, "ReadinessFailing Pod/" + POD, ROLLOUT)
                        .saying("container app has been running for 10m without being ready; Readiness probe failed: "
                                + "HTTP probe failed with statuscode: 503"),
                row("P6 running without being ready for a minute → Progressing from the rollout only",
                        unavailable(withContainers(pod(POD, SET), running("app", false, Duration.ofMinutes(1), 0))),
                        "web", Health.PROGRESSING, ROLLOUT),
                row("P6 ready for hours, then not ready for 8 minutes → Degraded",
                        unavailable(new PodBuilder(withContainers(pod(POD, SET), running("app", false,
                                Duration.ofHours(3), 0))).editStatus().withConditions(podCondition("Ready", "False",
                                        "ContainersNotReady", null, Duration.ofMinutes(8))).endStatus().build()),
                        "web", Health.DEGRADED, "ReadinessFailing Pod/" + POD, ROLLOUT)
                        .saying("running for 8m without being ready"),
                row("P7 the pod's node stopped reporting → Unknown",
                        web(new PodBuilder(pod(POD, SET).build()).editStatus().withPhase("Unknown")
                                .withMessage("Node node-1 which was running pod " + POD + " is unresponsive")
                                .endStatus().build()),
                        "web", Health.UNKNOWN, "PodStatusUnknown Pod/" + POD)
                        .saying("Node node-1 which was running pod"),
                row("the worst pod decides; reasons worst first, the workload's own before its pods', pods by name",
                        unavailable(withContainers(pod("web-7d9f8c6b5-q7wzt", SET), waiting("app", "ErrImagePull",
                                null, 0)), unschedulable(POD, SET, Duration.ofMinutes(1)),
                                withContainers(pod("web-7d9f8c6b5-b2c4d", SET), waiting("app", "ImagePullBackOff",
                                        null, 0))),
                        "web", Health.DEGRADED, "ImagePullBackOff Pod/web-7d9f8c6b5-b2c4d",
                        "ErrImagePull Pod/web-7d9f8c6b5-q7wzt", ROLLOUT, "Unschedulable Pod/" + POD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aWorkloadIsAsHealthyAsItsWorstPod(RuleRow row) {
        row.check();
    }

    /** The Deployment, complete, with its ReplicaSet and the given pods and events. */
    private static List<HasMetadata> web(HasMetadata... podsAndEvents) {
        return with(WEB, podsAndEvents);
    }

    /** The Deployment one replica short of available, with its ReplicaSet and the given pods and events. */
    private static List<HasMetadata> unavailable(Pod pod, HasMetadata... more) {
        List<HasMetadata> objects = new ArrayList<>(with(WEB_UNAVAILABLE, pod));
        objects.addAll(List.of(more));
        return objects;
    }

    private static List<HasMetadata> unavailable(Pod first, Pod second, Pod third) {
        return with(WEB_UNAVAILABLE, first, second, third);
    }

    private static List<HasMetadata> with(Deployment deployment, HasMetadata... podsAndEvents) {
        List<HasMetadata> objects = new ArrayList<>(List.of(deployment, SET));
        objects.addAll(List.of(podsAndEvents));
        return objects;
    }
}
