package dev.paved.local.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** How Kubernetes' controllers read a pod's status. */
final class Pods {

    static final String READY = "Ready";

    private Pods() {
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static boolean terminal(Pod pod) {
        return "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod));
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType()))
                .findFirst();
    }

    static boolean ready(Pod pod) {
        return condition(pod, READY).filter(condition -> "True".equals(condition.getStatus())).isPresent();
    }

    static Optional<Instant> readySince(Pod pod) {
        return condition(pod, READY).filter(condition -> "True".equals(condition.getStatus()))
                .flatMap(condition -> Timestamps.parse(condition.getLastTransitionTime()));
    }

    /** Ready for at least {@code minReadySeconds}. */
    static boolean available(Pod pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        return minReadySeconds <= 0
                || readySince(pod).map(since -> !since.plusSeconds(minReadySeconds).isAfter(now)).orElse(false);
    }

    static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
    }

    static int restarts(Pod pod) {
        return containerStatuses(pod).stream()
                .mapToInt(status -> status.getRestartCount() == null ? 0 : status.getRestartCount()).sum();
    }

    static boolean scheduled(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }
}
