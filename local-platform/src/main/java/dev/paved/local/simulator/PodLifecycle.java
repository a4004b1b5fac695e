package dev.paved.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/**
 * What the scheduler and the kubelet do to a pod of Paved's workloads, in stages after KWOK's: each
 * stage is chosen by what the pod's status says now, waits its delay, then writes the next status and
 * the events the real components record. A pod that changes meanwhile is looked at afresh.
 *
 * <pre>
 * unscheduled ──bind──▶ accepted (ContainerCreating) ──startDelay──▶ running ──readyDelay──▶ ready
 *      │ unschedulable                     │ image-pull-error           │ crash-loop, oom-killed
 *      ▼                                   ▼                            ▼
 *  PodScheduled=False             ErrImagePull ⇄ ImagePullBackOff    CrashLoopBackOff ──back-off──▶ running
 * </pre>
 *
 * A Job's pod that is ready finishes after {@code jobDuration}: Succeeded, or with a failure mode
 * Failed (restart policy {@code Never}) or restarted in place ({@code OnFailure}).
 */
final class PodLifecycle extends Controller {

    private static final String POD_SCHEDULED = "PodScheduled";
    private static final String INITIALIZED = "Initialized";
    private static final String CONTAINERS_READY = "ContainersReady";
    private static final String READY_TO_START = "PodReadyToStartContainers";
    private static final String CONTAINER_CREATING = "ContainerCreating";
    private static final String ERR_IMAGE_PULL = "ErrImagePull";
    private static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    private static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

    /** A stage a pod waits in, and when its wait is over. */
    private static final class Awaited {
        private final String stage;
        private final Instant due;
        private boolean timerSet;

        private Awaited(String stage, Instant due) {
            this.stage = stage;
            this.due = due;
        }
    }

    private record Step(String stage, Duration delay, Runnable action) {
    }

    private final Scheduler scheduler;
    private final Map<String, Awaited> awaited = new HashMap<>();
    /** Failed image pulls or scheduling attempts, by pod UID, for their back-off. */
    private final Map<String, Integer> attempts = new HashMap<>();

    PodLifecycle(Parts parts) {
        super(parts);
        this.scheduler = new Scheduler(parts.state());
    }

    @Override
    public void reconcile(String namespace, String name) {
        Optional<Pod> found = state.pods.get(namespace, name);
        if (found.isEmpty()) {
            return;
        }
        Pod pod = found.get();
        String uid = pod.getMetadata().getUid();
        if (!state.managed(pod) || ClusterState.deleting(pod) || Pods.terminal(pod)) {
            awaited.remove(uid);
            return;
        }
        Instant now = clock.instant();
        Step step = next(pod, ClusterState.failureModeOf(pod));
        if (step == null) {
            awaited.remove(uid);
            return;
        }
        Awaited wait = awaited.get(uid);
        if (wait == null || !wait.stage.equals(step.stage())) {
            wait = new Awaited(step.stage(), now.plus(step.delay()));
            awaited.put(uid, wait);
        }
        Duration remaining = Duration.between(now, wait.due);
        if (remaining.isNegative() || remaining.isZero()) {
            awaited.remove(uid);
            step.action().run();
        } else if (!wait.timerSet) {
            Awaited timed = wait;
            timed.timerSet = true;
            loop.schedule(remaining, () -> {
                timed.timerSet = false;
                loop.enqueue(this, namespace, name);
            });
        }
    }

    /** Forgets a pod that is gone. */
    void forget(Pod pod) {
        awaited.remove(pod.getMetadata().getUid());
        attempts.remove(pod.getMetadata().getUid());
    }

    private Step next(Pod pod, FailureMode mode) {
        int slow = slowness(mode);
        Duration start = config.startDelay().multipliedBy(slow);
        Duration ready = config.readyDelay().multipliedBy(slow);
        if (!Pods.scheduled(pod)) {
            return scheduling(pod, mode);
        }
        List<ContainerStatus> statuses = Pods.containerStatuses(pod);
        if (statuses.isEmpty()) {
            return new Step("accept", Duration.ZERO, () -> accept(pod));
        }
        if (statuses.stream().allMatch(status -> waiting(status, CONTAINER_CREATING))) {
            return new Step("start", start, () -> start(pod, mode));
        }
        if (statuses.stream().anyMatch(status -> waiting(status, ERR_IMAGE_PULL))) {
            return new Step("pull-back-off", start, () -> pullBackOff(pod));
        }
        if (statuses.stream().anyMatch(status -> waiting(status, IMAGE_PULL_BACK_OFF))) {
            int failed = attempts.getOrDefault(pod.getMetadata().getUid(), 1);
            return new Step("pull-again", config.backOff(failed), () -> pullAgain(pod));
        }
        if (statuses.stream().anyMatch(status -> waiting(status, CRASH_LOOP_BACK_OFF))) {
            return new Step("restart", config.backOff(Pods.restarts(pod)), () -> restart(pod, mode));
        }
        boolean running = statuses.stream().anyMatch(status -> status.getState() != null
                && status.getState().getRunning() != null);
        boolean allReady = statuses.stream().allMatch(status -> Boolean.TRUE.equals(status.getReady()));
        if (running && mode.crashes()) {
            return new Step("crash", ready, () -> crash(pod, mode));
        }
        if (running && !allReady) {
            boolean probed = pod.getSpec().getContainers().stream()
                    .anyMatch(container -> container.getReadinessProbe() != null || container.getStartupProbe() != null);
            return new Step("ready", probed ? ready : Duration.ZERO, () -> ready(pod));
        }
        if (running && state.jobOf(pod).isPresent()) {
            return new Step("complete", config.jobDuration().multipliedBy(slow), () -> complete(pod));
        }
        return null;
    }

    private int slowness(FailureMode mode) {
        return mode == FailureMode.SLOW ? config.slowFactor() : 1;
    }

    private Step scheduling(Pod pod, FailureMode mode) {
        Scheduler.Placement placement = scheduler.place(pod, mode);
        if (placement.node().isPresent()) {
            return new Step("bind", Duration.ZERO, () -> bind(pod, placement.node().get()));
        }
        boolean marked = Pods.condition(pod, POD_SCHEDULED).filter(condition -> "False".equals(condition.getStatus())
                && placement.failure().equals(condition.getMessage())).isPresent();
        if (!marked) {
            return new Step("unschedulable", Duration.ZERO, () -> unschedulable(pod, placement.failure()));
        }
        // The scheduler tries again later, and says so each time.
        int tried = attempts.getOrDefault(pod.getMetadata().getUid(), 1);
        return new Step("retry-scheduling", config.backOff(tried), () -> {
            attempts.merge(pod.getMetadata().getUid(), 1, Integer::sum);
            events.warning(pod, EventRecorder.SCHEDULER, "FailedScheduling", placement.failure(), clock.instant());
            loop.enqueue(this, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        });
    }

    private void bind(Pod pod, Node node) {
        Instant now = clock.instant();
        ObjectNode patch = ClusterWriter.patch();
        patch.withObjectProperty("spec").put("nodeName", node.getMetadata().getName());
        Pod bound = writer.patch(pod, patch);
        attempts.remove(pod.getMetadata().getUid());
        writeStatus(bound, status -> {
            setCondition(status, POD_SCHEDULED, "True", null, null, now);
            return status;
        });
        events.normal(bound, EventRecorder.SCHEDULER, "Scheduled", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to "
                + node.getMetadata().getName(), now);
    }

    private void unschedulable(Pod pod, String message) {
        Instant now = clock.instant();
        writeStatus(pod, status -> {
            status.setPhase("Pending");
            setCondition(status, POD_SCHEDULED, "False", "Unschedulable", message, now);
            return status;
        });
        events.warning(pod, EventRecorder.SCHEDULER, "FailedScheduling", message, now);
    }

    /** The kubelet takes the pod: addresses, conditions, and containers being created. */
    private void accept(Pod pod) {
        Instant now = clock.instant();
        Optional<Node> node = state.nodes.get(null, pod.getSpec().getNodeName());
        String hostIp = node.map(SimulatedNodes::internalIp).orElse("");
        String podIp = allocateIp(pod, node);
        String unready = unreadyMessage(pod);
        writeStatus(pod, status -> {
            status.setPhase("Pending");
            status.setStartTime(Timestamps.format(now));
            status.setHostIP(hostIp);
            status.setHostIPs(List.of(new HostIP(hostIp)));
            status.setPodIP(podIp);
            status.setPodIPs(List.of(new PodIP(podIp)));
            status.setQosClass(qosClass(pod));
            setCondition(status, READY_TO_START, "False", null, null, now);
            setCondition(status, INITIALIZED, "True", null, null, now);
            setCondition(status, Pods.READY, "False", "ContainersNotReady", unready, now);
            setCondition(status, CONTAINERS_READY, "False", "ContainersNotReady", unready, now);
            status.setInitContainerStatuses(pod.getSpec().getInitContainers().stream()
                    .map(container -> new ContainerStatusBuilder().withName(container.getName())
                            .withImage(container.getImage()).withImageID(ContainerIdentity.imageId(container.getImage()))
                            .withContainerID(ContainerIdentity.containerId(pod.getMetadata().getUid(),
                                    container.getName(), 0))
                            .withReady(true).withRestartCount(0).withStarted(false)
                            .withState(terminated(0, "Completed", now, now, ContainerIdentity.containerId(
                                    pod.getMetadata().getUid(), container.getName(), 0)))
                            .build()).toList());
            status.setContainerStatuses(pod.getSpec().getContainers().stream()
                    .map(container -> new ContainerStatusBuilder().withName(container.getName())
                            .withImage(container.getImage()).withImageID("").withReady(false).withRestartCount(0)
                            .withStarted(false).withNewState().withNewWaiting().withReason(CONTAINER_CREATING)
                            .endWaiting().endState().build()).toList());
            return status;
        });
        for (Container container : pod.getSpec().getContainers()) {
            kubelet(pod, container, "Normal", "Pulling", "Pulling image \"" + container.getImage() + "\"", now);
        }
    }

    private void start(Pod pod, FailureMode mode) {
        Instant now = clock.instant();
        if (mode == FailureMode.IMAGE_PULL_ERROR) {
            attempts.put(pod.getMetadata().getUid(), 1);
            failPull(pod, now);
            return;
        }
        Duration pull = config.startDelay().multipliedBy(slowness(mode));
        Pod started = run(pod, mode, now);
        for (Container container : pod.getSpec().getContainers()) {
            String seconds = String.format(java.util.Locale.ROOT, "%.3fs", pull.toMillis() / 1000.0);
            long size = 20_000_000L + Math.floorMod(ContainerIdentity.sha256(String.valueOf(container.getImage()))
                    .hashCode(), 180_000_000);
            kubelet(started, container, "Normal", "Pulled", "Successfully pulled image \"" + container.getImage()
                    + "\" in " + seconds + " (" + seconds + " including waiting). Image size: " + size + " bytes.", now);
            kubelet(started, container, "Normal", "Created", "Created container: " + container.getName(), now);
            kubelet(started, container, "Normal", "Started", "Started container " + container.getName(), now);
        }
    }

    private void failPull(Pod pod, Instant now) {
        Pod failed = writeContainers(pod, now, (container, status) -> waitingStatus(status, ERR_IMAGE_PULL,
                pullError(container.getImage())));
        for (Container container : pod.getSpec().getContainers()) {
            kubelet(failed, container, "Warning", "Failed", "Failed to pull image \"" + container.getImage() + "\": "
                    + pullError(container.getImage()), now);
            kubelet(failed, container, "Warning", "Failed", "Error: " + ERR_IMAGE_PULL, now);
        }
    }

    private void pullBackOff(Pod pod) {
        Instant now = clock.instant();
        Pod waiting = writeContainers(pod, now, (container, status) -> waitingStatus(status, IMAGE_PULL_BACK_OFF,
                "Back-off pulling image \"" + container.getImage() + "\""));
        for (Container container : pod.getSpec().getContainers()) {
            kubelet(waiting, container, "Normal", "BackOff", "Back-off pulling image \"" + container.getImage() + "\"",
                    now);
            kubelet(waiting, container, "Warning", "Failed", "Error: " + IMAGE_PULL_BACK_OFF, now);
        }
    }

    private void pullAgain(Pod pod) {
        Instant now = clock.instant();
        attempts.merge(pod.getMetadata().getUid(), 1, Integer::sum);
        for (Container container : pod.getSpec().getContainers()) {
            kubelet(pod, container, "Normal", "Pulling", "Pulling image \"" + container.getImage() + "\"", now);
        }
        failPull(pod, now);
    }

    private static String pullError(String image) {
        String reference = ContainerIdentity.fullReference(image);
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + reference
                + "\": failed to resolve reference \"" + reference + "\": " + reference + ": not found";
    }

    /** Every container runs, as a new instance; those without a probe are ready at once. */
    private Pod run(Pod pod, FailureMode mode, Instant now) {
        Map<String, Boolean> probed = pod.getSpec().getContainers().stream().collect(Collectors.toMap(
                Container::getName, container -> container.getReadinessProbe() != null
                        || container.getStartupProbe() != null, (first, second) -> first));
        Pod running = writeContainers(pod, now, (container, status) -> {
            int instance = status.getRestartCount() == null ? 0 : status.getRestartCount();
            String id = ContainerIdentity.containerId(pod.getMetadata().getUid(), container.getName(), instance);
            return new ContainerStatusBuilder(status).withContainerID(id)
                    .withImageID(ContainerIdentity.imageId(container.getImage())).withStarted(true)
                    .withReady(!mode.crashes() && !probed.getOrDefault(container.getName(), false))
                    .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Timestamps.format(now))
                            .endRunning().build())
                    .build();
        });
        return running;
    }

    private void ready(Pod pod) {
        Instant now = clock.instant();
        writeContainers(pod, now, (container, status) -> status.getState() != null
                && status.getState().getRunning() != null
                ? new ContainerStatusBuilder(status).withReady(true).build() : status);
    }

    /** Every running container dies: restarted after a back-off, or for good under {@code restartPolicy: Never}. */
    private void crash(Pod pod, FailureMode mode) {
        Instant now = clock.instant();
        boolean restarts = !"Never".equals(pod.getSpec().getRestartPolicy());
        int exitCode = mode == FailureMode.OOM_KILLED ? 137 : 1;
        String reason = mode == FailureMode.OOM_KILLED ? "OOMKilled" : "Error";
        Pod crashed = writeContainers(pod, now, (container, status) -> {
            if (status.getState() == null || status.getState().getRunning() == null) {
                return status;
            }
            ContainerState died = terminated(exitCode, reason, Timestamps.parse(status.getState().getRunning()
                    .getStartedAt()).orElse(now), now, status.getContainerID());
            if (!restarts) {
                return new ContainerStatusBuilder(status).withReady(false).withStarted(false).withState(died).build();
            }
            int restartCount = (status.getRestartCount() == null ? 0 : status.getRestartCount()) + 1;
            return new ContainerStatusBuilder(status).withReady(false).withStarted(false).withRestartCount(restartCount)
                    .withLastState(died)
                    .withState(waiting(CRASH_LOOP_BACK_OFF, "back-off " + GoDuration.format(config.backOff(restartCount))
                            + " restarting failed container=" + container.getName() + " pod=" + podReference(pod)))
                    .build();
        });
        if (restarts) {
            for (Container container : pod.getSpec().getContainers()) {
                kubelet(crashed, container, "Warning", "BackOff", "Back-off restarting failed container "
                        + container.getName() + " in pod " + podReference(pod), now);
            }
        }
    }

    private void restart(Pod pod, FailureMode mode) {
        Instant now = clock.instant();
        Pod restarted = run(pod, mode, now);
        for (Container container : pod.getSpec().getContainers()) {
            kubelet(restarted, container, "Normal", "Pulled", "Container image \"" + container.getImage()
                    + "\" already present on machine", now);
            kubelet(restarted, container, "Normal", "Created", "Created container: " + container.getName(), now);
            kubelet(restarted, container, "Normal", "Started", "Started container " + container.getName(), now);
        }
    }

    /** A Job's containers exit 0. */
    private void complete(Pod pod) {
        Instant now = clock.instant();
        writeContainers(pod, now, (container, status) -> status.getState() == null
                || status.getState().getRunning() == null ? status
                : new ContainerStatusBuilder(status).withReady(false).withStarted(false)
                        .withState(terminated(0, "Completed", Timestamps.parse(status.getState().getRunning()
                                .getStartedAt()).orElse(now), now, status.getContainerID()))
                        .build());
    }

    /** Events of the kubelet when it stops a pod's containers, as the pod is deleted. */
    static void recordKilling(EventRecorder events, Pod pod, Instant now) {
        if (!Pods.scheduled(pod)) {
            return;
        }
        for (ContainerStatus status : Pods.containerStatuses(pod)) {
            if (status.getState() != null && status.getState().getRunning() != null) {
                events.kubelet(pod, pod.getSpec().getNodeName(), status.getName(), "Normal", "Killing",
                        "Stopping container " + status.getName(), now);
            }
        }
    }

    @FunctionalInterface
    private interface ContainerChange {
        ContainerStatus apply(Container container, ContainerStatus status);
    }

    /** Changes each container's status, then derives the pod's phase and conditions from them. */
    private Pod writeContainers(Pod pod, Instant now, ContainerChange change) {
        Map<String, ContainerStatus> byName = new HashMap<>();
        Pods.containerStatuses(pod).forEach(status -> byName.put(status.getName(), status));
        List<ContainerStatus> changed = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            ContainerStatus status = byName.getOrDefault(container.getName(), new ContainerStatusBuilder()
                    .withName(container.getName()).withImage(container.getImage()).withRestartCount(0).build());
            changed.add(change.apply(container, status));
        }
        return writeStatus(pod, status -> {
            status.setContainerStatuses(changed);
            derivePhaseAndConditions(pod, status, now);
            return status;
        });
    }

    private void derivePhaseAndConditions(Pod pod, PodStatus status, Instant now) {
        List<ContainerStatus> containers = status.getContainerStatuses();
        boolean allTerminated = !containers.isEmpty() && containers.stream()
                .allMatch(container -> container.getState() != null && container.getState().getTerminated() != null);
        boolean anyRunning = containers.stream()
                .anyMatch(container -> container.getState() != null && container.getState().getRunning() != null);
        boolean allReady = !containers.isEmpty() && containers.stream()
                .allMatch(container -> Boolean.TRUE.equals(container.getReady()));
        boolean anyStarted = anyRunning || containers.stream().anyMatch(container -> container.getLastState() != null
                && container.getLastState().getTerminated() != null);
        if (allTerminated) {
            boolean succeeded = containers.stream()
                    .allMatch(container -> container.getState().getTerminated().getExitCode() == 0);
            status.setPhase(succeeded ? "Succeeded" : "Failed");
            setCondition(status, READY_TO_START, "False", null, null, now);
            setCondition(status, Pods.READY, "False", "PodCompleted", null, now);
            setCondition(status, CONTAINERS_READY, "False", "PodCompleted", null, now);
            return;
        }
        status.setPhase(anyStarted ? "Running" : "Pending");
        setCondition(status, READY_TO_START, anyStarted ? "True" : "False", null, null, now);
        if (allReady) {
            setCondition(status, Pods.READY, "True", null, null, now);
            setCondition(status, CONTAINERS_READY, "True", null, null, now);
        } else {
            String unready = "containers with unready status: [" + containers.stream()
                    .filter(container -> !Boolean.TRUE.equals(container.getReady())).map(ContainerStatus::getName)
                    .collect(Collectors.joining(" ")) + "]";
            setCondition(status, Pods.READY, "False", "ContainersNotReady", unready, now);
            setCondition(status, CONTAINERS_READY, "False", "ContainersNotReady", unready, now);
        }
    }

    private Pod writeStatus(Pod pod, UnaryOperator<PodStatus> change) {
        PodStatus status = change.apply(pod.getStatus() == null ? new PodStatusBuilder().withPhase("Pending").build()
                : new PodStatusBuilder(pod.getStatus()).build());
        return writer.replaceStatus(new PodBuilder(pod).withStatus(status).build());
    }

    /** Sets a condition, keeping its transition time while its status stays the same. */
    private static void setCondition(PodStatus status, String type, String value, String reason, String message,
            Instant now) {
        List<PodCondition> conditions = new ArrayList<>(status.getConditions());
        Optional<PodCondition> existing = conditions.stream().filter(condition -> type.equals(condition.getType()))
                .findFirst();
        String transition = existing.filter(condition -> value.equals(condition.getStatus()))
                .map(PodCondition::getLastTransitionTime).orElse(Timestamps.format(now));
        PodCondition wanted = new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
        if (existing.isPresent()) {
            conditions.set(conditions.indexOf(existing.get()), wanted);
        } else {
            conditions.add(wanted);
        }
        status.setConditions(conditions);
    }

    private static boolean waiting(ContainerStatus status, String reason) {
        return status.getState() != null && status.getState().getWaiting() != null
                && reason.equals(status.getState().getWaiting().getReason());
    }

    private static ContainerStatus waitingStatus(ContainerStatus status, String reason, String message) {
        return new ContainerStatusBuilder(status).withReady(false).withStarted(false).withState(waiting(reason, message))
                .build();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt,
            String containerId) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withStartedAt(Timestamps.format(startedAt)).withFinishedAt(Timestamps.format(finishedAt))
                .withContainerID(containerId).endTerminated().build();
    }

    private void kubelet(Pod pod, Container container, String type, String reason, String message, Instant now) {
        events.kubelet(pod, pod.getSpec().getNodeName(), container.getName(), type, reason, message, now);
    }

    /** How the kubelet names a pod in its messages: {@code name_namespace(uid)}. */
    private static String podReference(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid()
                + ")";
    }

    private static String unreadyMessage(Pod pod) {
        return "containers with unready status: [" + pod.getSpec().getContainers().stream().map(Container::getName)
                .collect(Collectors.joining(" ")) + "]";
    }

    /** The lowest free address of the node's pod range. */
    private String allocateIp(Pod pod, Optional<Node> node) {
        String cidr = node.map(found -> found.getSpec().getPodCIDR()).orElse(null);
        String prefix = cidr == null || !cidr.endsWith(".0/24") ? "10.244.0." : cidr.substring(0, cidr.length() - 4);
        Set<String> used = new HashSet<>();
        for (Pod other : state.pods.all()) {
            if (other.getStatus() != null && other.getStatus().getPodIP() != null && !Pods.terminal(other)
                    && pod.getSpec().getNodeName().equals(other.getSpec().getNodeName())) {
                used.add(other.getStatus().getPodIP());
            }
        }
        for (int host = 2; host < 255; host++) {
            if (!used.contains(prefix + host)) {
                return prefix + host;
            }
        }
        return prefix + "254";
    }

    private static String qosClass(Pod pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container container : pod.getSpec().getContainers()) {
            Resources requests = Resources.requestsOf(container);
            Resources limits = Resources.limitsOf(container);
            any |= requests.cpu() > 0 || requests.memory() > 0 || limits.cpu() > 0 || limits.memory() > 0;
            guaranteed &= limits.cpu() > 0 && limits.memory() > 0 && requests.equals(limits);
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
