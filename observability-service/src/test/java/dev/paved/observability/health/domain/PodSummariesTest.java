package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.NOW;
import static dev.paved.observability.health.domain.Fixtures.ago;
import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.lastTerminated;
import static dev.paved.observability.health.domain.Fixtures.objects;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static dev.paved.observability.health.domain.Fixtures.running;
import static dev.paved.observability.health.domain.Fixtures.terminated;
import static dev.paved.observability.health.domain.Fixtures.unschedulable;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

class PodSummariesTest {

    private static final Deployment WEB = deployment("web", 2).build();
    private static final ReplicaSet CURRENT = replicaSet(WEB, "7d9f8c6b5");
    private static final ReplicaSet OLD = replicaSet(WEB, "5c8d7f4b9");

    @Test
    void aPodIsSummarizedAsKubectlShowsItWithItsLastTermination() {
        Pod restarted = new PodBuilder(withContainers(pod("web-7d9f8c6b5-x2k9p", CURRENT),
                lastTerminated(running("app", true, Duration.ofMinutes(20), 2), "OOMKilled", 137,
                        Duration.ofMinutes(21)),
                lastTerminated(running("sidecar", true, Duration.ofMinutes(50), 1), "Error", 1,
                        Duration.ofMinutes(51))))
                .editSpec().addNewContainer().withName("sidecar").endContainer().endSpec().build();

        List<PodSummary> pods = PodSummaries.of(objects(WEB, CURRENT, restarted), WorkloadRef.deployment("web"), NOW);

        assertEquals(List.of(new PodSummary("web-7d9f8c6b5-x2k9p", "Running", "Running", true, 2, 2, 3, "node-1",
                Instant.parse(ago(Duration.ofHours(1))), Duration.ofHours(1), new PodSummary.Termination("app",
                        "OOMKilled", 137, Instant.parse(ago(Duration.ofMinutes(21)))))), pods);
    }

    @Test
    void theWorkloadsPodsComeFromAllItsReplicaSetsByNameAndNoOtherWorkloads() {
        Deployment api = deployment("api", 1).build();
        ReplicaSet apiSet = replicaSet(api, "6b7c8d9f5");

        List<PodSummary> pods = PodSummaries.of(objects(WEB, CURRENT, OLD, api, apiSet,
                pod("web-7d9f8c6b5-x2k9p", CURRENT).build(), pod("web-5c8d7f4b9-b2c4d", OLD).build(),
                pod("api-6b7c8d9f5-m4nbv", apiSet).build()), WorkloadRef.deployment("web"), NOW);

        assertEquals(List.of("web-5c8d7f4b9-b2c4d", "web-7d9f8c6b5-x2k9p"),
                pods.stream().map(PodSummary::name).toList());
    }

    @Test
    void aMissingWorkloadHasNoPods() {
        assertEquals(List.of(), PodSummaries.of(objects(), WorkloadRef.deployment("web"), NOW));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(pod("p", CURRENT).build(), "Running", null),
                Arguments.of(withContainers(pod("p", CURRENT), waiting("app", "CrashLoopBackOff", null, 5)),
                        "CrashLoopBackOff", null),
                Arguments.of(new PodBuilder(pod("p", CURRENT).build()).editStatus().withPhase("Pending")
                        .withInitContainerStatuses(waiting("migrate", "ErrImagePull", null, 0))
                        .withContainerStatuses(waiting("app", "PodInitializing", null, 0)).endStatus().build(),
                        "Init:ErrImagePull", null),
                Arguments.of(new PodBuilder(pod("p", CURRENT).build()).editStatus().withPhase("Pending")
                        .withInitContainerStatuses(terminated("migrate", "Error", 2, Duration.ofMinutes(1)))
                        .endStatus().build(), "Init:Error", "Error"),
                Arguments.of(new PodBuilder(pod("p", CURRENT).build()).editMetadata()
                        .withDeletionTimestamp(ago(Duration.ofSeconds(3))).endMetadata().build(), "Terminating", null),
                Arguments.of(new PodBuilder(pod("p", CURRENT).build()).editStatus().withPhase("Failed")
                        .withReason("Evicted").withContainerStatuses().endStatus().build(), "Evicted", null),
                Arguments.of(new PodBuilder(withContainers(pod("p", CURRENT), terminated("app", "Completed", 0,
                        Duration.ofMinutes(2)))).editStatus().withPhase("Succeeded").endStatus().build(), "Completed",
                        "Completed"),
                Arguments.of(unschedulable("p", CURRENT, Duration.ofMinutes(1)), "Pending", null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("statuses")
    void theStatusIsKubectlsStatusColumn(Pod pod, String status, String lastTermination) {
        PodSummary summary = PodSummaries.summarize(pod, NOW);

        assertEquals(status, summary.status());
        assertEquals(lastTermination, summary.lastTermination() == null ? null : summary.lastTermination().reason());
    }

    @Test
    void anUnscheduledPodHasNoNodeAndIsNotReady() {
        PodSummary summary = PodSummaries.summarize(unschedulable("p", CURRENT, Duration.ofMinutes(1)), NOW);

        assertEquals(null, summary.node());
        assertEquals(false, summary.ready());
        assertEquals(0, summary.readyContainers());
        assertEquals(1, summary.containers());
    }
}
