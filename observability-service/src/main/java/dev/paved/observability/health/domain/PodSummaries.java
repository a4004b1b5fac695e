package dev.paved.observability.health.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

/** The pods of a workload, summarized for people who do not run kubectl. */
public final class PodSummaries {

    private static final Comparator<PodSummary.Termination> LATEST = Comparator.comparing(
            PodSummary.Termination::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    private PodSummaries() {
    }

    /** Every pod of the workload (of all its ReplicaSets or Jobs), by name. */
    public static List<PodSummary> of(NamespaceObjects objects, WorkloadRef workload, Instant now) {
        return objects.podsOf(workload).stream()
                .sorted(HealthAssessment.BY_NAME)
                .map(pod -> summarize(pod, now))
                .toList();
    }

    static PodSummary summarize(Pod pod, Instant now) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerStatus> containers = status.getContainerStatuses() == null ? List.of()
                : status.getContainerStatuses();
        int declared = pod.getSpec() == null || pod.getSpec().getContainers() == null ? 0
                : pod.getSpec().getContainers().size();
        int ready = 0;
        int restarts = 0;
        for (ContainerStatus container : containers) {
            ready += Boolean.TRUE.equals(container.getReady()) ? 1 : 0;
            restarts += Counts.orZero(container.getRestartCount());
        }
        PodCondition readyCondition = PodRules.condition(pod, "Ready");
        Instant created = Times.parse(pod.getMetadata().getCreationTimestamp());
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return new PodSummary(NamespaceObjects.name(pod), status.getPhase(), kubectlStatus(pod, status),
                readyCondition != null && "True".equals(readyCondition.getStatus()), ready,
                Math.max(declared, containers.size()), restarts, node, created,
                created == null ? null : Duration.between(created, now), lastTermination(status));
    }

    /** What kubectl's STATUS column shows, in the order kubectl looks. */
    private static String kubectlStatus(Pod pod, PodStatus status) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (status.getInitContainerStatuses() != null) {
            for (ContainerStatus init : status.getInitContainerStatuses()) {
                String reason = unfinishedReason(init.getState());
                if (reason != null) {
                    return "Init:" + reason;
                }
            }
        }
        if (status.getContainerStatuses() != null) {
            for (ContainerStatus container : status.getContainerStatuses()) {
                String reason = stateReason(container.getState());
                if (reason != null) {
                    return reason;
                }
            }
        }
        if (status.getReason() != null && !status.getReason().isEmpty()) {
            return status.getReason();
        }
        return status.getPhase();
    }

    /** An init container's waiting reason, or the reason it failed with. */
    private static String unfinishedReason(ContainerState state) {
        if (state == null) {
            return null;
        }
        if (state.getWaiting() != null && state.getWaiting().getReason() != null
                && !"PodInitializing".equals(state.getWaiting().getReason())) {
            return state.getWaiting().getReason();
        }
        ContainerStateTerminated terminated = state.getTerminated();
        if (terminated != null && Counts.orZero(terminated.getExitCode()) != 0) {
            return terminated.getReason() == null ? "Error" : terminated.getReason();
        }
        return null;
    }

    private static String stateReason(ContainerState state) {
        if (state == null) {
            return null;
        }
        if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
            return state.getWaiting().getReason();
        }
        if (state.getTerminated() != null && state.getTerminated().getReason() != null) {
            return state.getTerminated().getReason();
        }
        return null;
    }

    private static PodSummary.Termination lastTermination(PodStatus status) {
        PodSummary.Termination latest = null;
        for (List<ContainerStatus> statuses : List.of(nullToEmpty(status.getInitContainerStatuses()),
                nullToEmpty(status.getContainerStatuses()))) {
            for (ContainerStatus container : statuses) {
                for (ContainerState state : new ContainerState[] {container.getState(), container.getLastState()}) {
                    if (state == null || state.getTerminated() == null) {
                        continue;
                    }
                    ContainerStateTerminated terminated = state.getTerminated();
                    PodSummary.Termination candidate = new PodSummary.Termination(container.getName(),
                            terminated.getReason(), terminated.getExitCode(), Times.parse(terminated.getFinishedAt()));
                    if (latest == null || LATEST.compare(candidate, latest) > 0) {
                        latest = candidate;
                    }
                }
            }
        }
        return latest;
    }

    private static List<ContainerStatus> nullToEmpty(List<ContainerStatus> statuses) {
        return statuses == null ? List.of() : statuses;
    }
}
