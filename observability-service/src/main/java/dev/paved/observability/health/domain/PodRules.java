package dev.paved.observability.health.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/**
 * The rules about one pod of a workload (the P rows of {@link HealthAssessment}'s table).
 *
 * <p>They read a pod the way {@code kubectl describe pod} shows it: a container waiting for a reason
 * that names a failure, an OOM kill in its current or last termination, the scheduler's verdict, and
 * how long a running container has gone without passing its readiness probe.
 */
final class PodRules {

    /** Waiting reasons that name a failure without matching the Err*, *Error or *BackOff patterns. */
    private static final Set<String> OTHER_FAILED_WAITING = Set.of("InvalidImageName");
    private static final Set<String> IMAGE_PULL_FAILURES =
            Set.of(Reasons.IMAGE_PULL_BACK_OFF, Reasons.ERR_IMAGE_PULL, "ErrImageNeverPull", "InvalidImageName");

    private final HealthPolicy policy;

    PodRules(HealthPolicy policy) {
        this.policy = policy;
    }

    /** A pod that is expected to run: not finished and not being deleted. */
    private static boolean isLive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** P1 to P7 for each of the pods that is live, by name. */
    void assessLive(List<Pod> pods, NamespaceObjects objects, Instant now, List<Finding> findings) {
        pods.stream().filter(PodRules::isLive).sorted(HealthAssessment.BY_NAME)
                .forEach(pod -> assess(pod, objects, now, findings));
    }

    private void assess(Pod pod, NamespaceObjects objects, Instant now, List<Finding> findings) {
        if (pod.getStatus() == null) {
            return;
        }
        String object = NamespaceObjects.object(pod);
        failedWaiting(pod, object, findings);
        oomKills(pod, object, now, findings);
        unschedulable(pod, object, now, findings);
        if ("Running".equals(pod.getStatus().getPhase())) {
            readinessFailing(pod, object, objects, now, findings);
        }
        if ("Unknown".equals(pod.getStatus().getPhase())) {
            findings.add(Finding.of(Health.UNKNOWN, Reasons.POD_STATUS_UNKNOWN,
                    "the node of the pod stopped reporting its status" + suffix(pod.getStatus().getMessage()), object));
        }
    }

    /** Why a finished pod of a failed Job failed: its failed waits and its OOM kills. */
    void causesOfFailure(Pod pod, Instant now, List<Finding> findings) {
        if (pod.getStatus() == null) {
            return;
        }
        String object = NamespaceObjects.object(pod);
        failedWaiting(pod, object, findings);
        oomKills(pod, object, now, findings);
    }

    /** P1 to P3: a container waits for a reason that names a failure. */
    private void failedWaiting(Pod pod, String object, List<Finding> findings) {
        forEachContainer(pod, (container, status, init) -> {
            ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
            if (waiting == null || !namesFailure(waiting.getReason())) {
                return;
            }
            findings.add(Finding.of(Health.DEGRADED, waiting.getReason(),
                    describeWaiting(container, status, waiting), object));
        });
    }

    /** P4: the current or last termination of a container was an OOM kill, recent or not yet recovered from. */
    private void oomKills(Pod pod, String object, Instant now, List<Finding> findings) {
        forEachContainer(pod, (container, status, init) -> {
            ContainerStateTerminated kill = oomKill(status.getState());
            if (kill == null) {
                kill = oomKill(status.getLastState());
            }
            if (kill == null) {
                return;
            }
            Instant finished = Times.parse(kill.getFinishedAt());
            boolean recovered = Boolean.TRUE.equals(status.getReady())
                    && (finished == null || !finished.plus(policy.recentTermination()).isAfter(now));
            if (recovered) {
                return;
            }
            findings.add(Finding.of(Health.DEGRADED, Reasons.OOM_KILLED, container
                    + " was killed for exceeding its memory limit" + (finished == null ? "" : " at " + finished)
                    + (kill.getExitCode() == null ? "" : " (exit code " + kill.getExitCode() + ")")
                    + restarts(status), object));
        });
    }

    /** P5: the scheduler finds no node for the pod; Degraded once that has lasted the grace. */
    private void unschedulable(Pod pod, String object, Instant now, List<Finding> findings) {
        PodCondition scheduled = condition(pod, "PodScheduled");
        if (scheduled == null || !"False".equals(scheduled.getStatus())
                || !Reasons.UNSCHEDULABLE.equals(scheduled.getReason())) {
            return;
        }
        Instant since = Times.parse(scheduled.getLastTransitionTime());
        boolean stuck = since == null || !since.plus(policy.unschedulableGrace()).isAfter(now);
        findings.add(Finding.of(stuck ? Health.DEGRADED : Health.PROGRESSING, Reasons.UNSCHEDULABLE,
                "no node can take the pod" + (since == null ? "" : " for " + human(Duration.between(since, now)))
                        + suffix(scheduled.getMessage()), object));
    }

    /** P6: a running container has not passed its readiness probe for the grace. */
    private void readinessFailing(Pod pod, String object, NamespaceObjects objects, Instant now,
            List<Finding> findings) {
        PodCondition ready = condition(pod, "Ready");
        Instant unreadySince = ready != null && "False".equals(ready.getStatus())
                ? Times.parse(ready.getLastTransitionTime())
                : null;
        forEachContainer(pod, (container, status, init) -> {
            if (init || Boolean.TRUE.equals(status.getReady()) || status.getState() == null
                    || status.getState().getRunning() == null) {
                return;
            }
            Instant started = Times.parse(status.getState().getRunning().getStartedAt());
            Instant since = started == null || (unreadySince != null && unreadySince.isAfter(started))
                    ? unreadySince
                    : started;
            if (since == null || since.plus(policy.notReadyGrace()).isAfter(now)) {
                return;
            }
            findings.add(Finding.of(Health.DEGRADED, Reasons.READINESS_FAILING, container + " has been running for "
                    + human(Duration.between(since, now)) + " without being ready" + lastProbeFailure(pod, objects),
                    object));
        });
    }

    private static String lastProbeFailure(Pod pod, NamespaceObjects objects) {
        return objects.eventsAbout("Pod", NamespaceObjects.name(pod)).stream()
                .filter(event -> "Unhealthy".equals(event.getReason()) && event.getMessage() != null
                        && event.getMessage().startsWith("Readiness probe failed"))
                .max(Comparator.comparing(WarningEvents::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(Event::getMessage)
                .map(message -> "; " + message.strip())
                .orElse("");
    }

    private static boolean namesFailure(String reason) {
        return reason != null && (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")
                || OTHER_FAILED_WAITING.contains(reason));
    }

    private static String describeWaiting(String container, ContainerStatus status, ContainerStateWaiting waiting) {
        String reason = waiting.getReason();
        String what;
        if (Reasons.CRASH_LOOP_BACK_OFF.equals(reason)) {
            what = container + " keeps exiting and is restarted with back-off" + restarts(status)
                    + lastExit(status.getLastState());
        } else if (IMAGE_PULL_FAILURES.contains(reason)) {
            what = container + " cannot pull its image" + (status.getImage() == null ? "" : " " + status.getImage());
        } else if (Reasons.CREATE_CONTAINER_CONFIG_ERROR.equals(reason)) {
            what = container + " cannot be created from its configuration";
        } else {
            what = container + " cannot start (" + reason + ")";
        }
        return what + suffix(waiting.getMessage());
    }

    private static String lastExit(ContainerState last) {
        if (last == null || last.getTerminated() == null) {
            return "";
        }
        ContainerStateTerminated terminated = last.getTerminated();
        return "; last exit " + (terminated.getReason() == null ? "" : terminated.getReason() + ", ")
                + "code " + terminated.getExitCode();
    }

    private static String restarts(ContainerStatus status) {
        Integer restarts = status.getRestartCount();
        if (restarts == null || restarts == 0) {
            return "";
        }
        return ", restarted " + restarts + (restarts == 1 ? " time" : " times");
    }

    private static ContainerStateTerminated oomKill(ContainerState state) {
        boolean killed = state != null && state.getTerminated() != null
                && Reasons.OOM_KILLED.equals(state.getTerminated().getReason());
        return killed ? state.getTerminated() : null;
    }

    static PodCondition condition(Pod pod, String type) {
        List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        if (conditions == null) {
            return null;
        }
        for (PodCondition condition : conditions) {
            if (type.equals(condition.getType())) {
                return condition;
            }
        }
        return null;
    }

    private static void forEachContainer(Pod pod, ContainerVisitor visitor) {
        visit(pod.getStatus().getInitContainerStatuses(), true, visitor);
        visit(pod.getStatus().getContainerStatuses(), false, visitor);
    }

    private static void visit(List<ContainerStatus> statuses, boolean init, ContainerVisitor visitor) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus status : statuses) {
            visitor.visit((init ? "init container " : "container ") + status.getName(), status, init);
        }
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    /** A duration as short as kubectl's ages: 45s, 7m, 3h12m, 2d4h. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
        }
        return hours / 24 + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
    }

    @FunctionalInterface
    private interface ContainerVisitor {
        void visit(String container, ContainerStatus status, boolean init);
    }
}
