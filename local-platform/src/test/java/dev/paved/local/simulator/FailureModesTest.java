package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static dev.paved.local.simulator.SimulatedCluster.pavedDeployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class FailureModesTest {

    private static final SimulatedCluster cluster = SimulatedCluster.shared();

    @Test
    void aCrashLoopRestartsItsContainerNeverBecomesReadyAndStallsTheRolloutPastItsDeadline() {
        String namespace = cluster.namespace("crash");
        cluster.apply(new DeploymentBuilder(simulating(namespace, "orders", "crash-loop")).editSpec()
                .withProgressDeadlineSeconds(1).endSpec().build());

        Pod pod = awaitPod(namespace, "a container restarted twice and backing off",
                status -> status.getRestartCount() >= 2 && waitingFor(status, "CrashLoopBackOff"));
        ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
        assertEquals("Error", container.getLastState().getTerminated().getReason());
        assertEquals(1, container.getLastState().getTerminated().getExitCode());
        assertFalse(container.getReady());
        assertEquals("Running", pod.getStatus().getPhase());
        assertTrue(container.getState().getWaiting().getMessage().startsWith("back-off "));
        Event backOff = await("the back-off event counted again", () -> cluster.events(namespace, "BackOff"),
                events -> events.size() == 1 && events.get(0).getCount() >= 2).get(0);
        assertEquals("Warning", backOff.getType());
        assertTrue(backOff.getMessage().startsWith("Back-off restarting failed container web in pod "));

        Deployment stalled = await("the rollout past its deadline", () -> cluster.deployment(namespace, "orders"),
                deployment -> cluster.condition(deployment, "Progressing")
                        .filter(c -> "ProgressDeadlineExceeded".equals(c.getReason())).isPresent());
        assertEquals("False", cluster.condition(stalled, "Progressing").orElseThrow().getStatus());
        assertEquals("False", cluster.condition(stalled, "Available").orElseThrow().getStatus());
        assertEquals("MinimumReplicasUnavailable", cluster.condition(stalled, "Available").orElseThrow().getReason());
        assertNull(stalled.getStatus().getAvailableReplicas());
        assertEquals(1, stalled.getStatus().getUnavailableReplicas());
        assertEquals(1, stalled.getStatus().getUpdatedReplicas());
    }

    @Test
    void aFailureThatANewRevisionBringsLeavesThePodsOfTheOldOneServing() {
        String namespace = cluster.namespace("bad-release");
        cluster.apply(pavedDeployment(namespace, "cart", 2).build());
        await("cart's first rollout", () -> cluster.deployment(namespace, "cart"), FailureModesTest::available);

        cluster.apply(new DeploymentBuilder(pavedDeployment(namespace, "cart", 2).build()).editMetadata()
                .addToAnnotations("paved.dev/simulate", "crash-loop").endMetadata().editSpec()
                .withProgressDeadlineSeconds(1).editTemplate().editSpec().editFirstContainer()
                .withImage("registry.example.com/shop/cart:2.0.0").endContainer().endSpec().endTemplate().endSpec()
                .build());

        Deployment stalled = await("the new revision stalled", () -> cluster.deployment(namespace, "cart"),
                deployment -> cluster.condition(deployment, "Progressing")
                        .filter(c -> "ProgressDeadlineExceeded".equals(c.getReason())).isPresent());
        assertEquals("True", cluster.condition(stalled, "Available").orElseThrow().getStatus());
        assertEquals(2, stalled.getStatus().getAvailableReplicas());
        assertEquals(1, stalled.getStatus().getUpdatedReplicas());
        List<Pod> pods = cluster.pods(namespace);
        assertEquals(2, pods.stream().filter(pod -> pod.getSpec().getContainers().get(0).getImage().endsWith(":1.0.0"))
                .filter(Pods::ready).count(), "the old revision's pods still serve");
        assertTrue(pods.stream().filter(pod -> pod.getSpec().getContainers().get(0).getImage().endsWith(":2.0.0"))
                .allMatch(pod -> "crash-loop".equals(pod.getMetadata().getAnnotations().get("paved.dev/simulate"))));
    }

    @Test
    void anImagePullErrorKeepsThePodPendingBetweenErrImagePullAndImagePullBackOff() {
        String namespace = cluster.namespace("pull");
        cluster.apply(simulating(namespace, "search", "image-pull-error"));

        Pod pod = awaitPod(namespace, "an image pull backing off",
                status -> waitingFor(status, "ImagePullBackOff"));
        assertEquals("Pending", pod.getStatus().getPhase());
        awaitPod(namespace, "the image pulled and failed again", status -> waitingFor(status, "ErrImagePull"));
        List<Event> failures = cluster.events(namespace, "Failed");
        assertTrue(failures.stream().allMatch(event -> "Warning".equals(event.getType())));
        assertTrue(failures.stream().anyMatch(event -> event.getMessage().startsWith(
                "Failed to pull image \"registry.example.com/shop/search:1.0.0\": ")), failures.toString());
        assertTrue(failures.stream().anyMatch(event -> event.getMessage().equals("Error: ImagePullBackOff")));
        assertTrue(failures.stream().anyMatch(event -> event.getMessage().equals("Error: ErrImagePull")));
    }

    @Test
    void anOomKilledContainerIsRestartedWithItsLastTerminationOomKilled() {
        String namespace = cluster.namespace("oom");
        cluster.apply(simulating(namespace, "reports", "oom-killed"));

        Pod pod = awaitPod(namespace, "an OOM-killed container backing off",
                status -> status.getRestartCount() >= 1 && waitingFor(status, "CrashLoopBackOff"));
        ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
        assertEquals("OOMKilled", container.getLastState().getTerminated().getReason());
        assertEquals(137, container.getLastState().getTerminated().getExitCode());
        assertFalse(container.getReady());
    }

    @Test
    void anUnschedulablePodStaysPendingWithoutANode() {
        String namespace = cluster.namespace("unschedulable");
        cluster.apply(simulating(namespace, "gpu", "unschedulable"));

        Pod pod = await("the scheduler giving up on the pod", () -> cluster.pods(namespace),
                pods -> pods.size() == 1 && Pods.condition(pods.get(0), "PodScheduled")
                        .filter(c -> "False".equals(c.getStatus())).isPresent()).get(0);
        assertEquals("Unschedulable", Pods.condition(pod, "PodScheduled").orElseThrow().getReason());
        assertTrue(Pods.condition(pod, "PodScheduled").orElseThrow().getMessage().startsWith("0/3 nodes are available"));
        assertEquals("Pending", pod.getStatus().getPhase());
        assertNull(pod.getSpec().getNodeName());
        Event failed = await("FailedScheduling again", () -> cluster.events(namespace, "FailedScheduling"),
                events -> !events.isEmpty() && events.get(0).getCount() >= 2).get(0);
        assertEquals("Warning", failed.getType());
        assertEquals("default-scheduler", failed.getSource().getComponent());
    }

    @Test
    void aSlowWorkloadTakesLongerThanAnotherButGetsThere() {
        String namespace = cluster.namespace("slow");
        cluster.apply(simulating(namespace, "tortoise", "slow"));
        cluster.apply(pavedDeployment(namespace, "hare", 1).build());

        await("the hare rolled out", () -> cluster.deployment(namespace, "hare"), FailureModesTest::available);
        assertFalse(available(cluster.deployment(namespace, "tortoise")), "the tortoise is not there yet");

        await("the tortoise rolled out", () -> cluster.deployment(namespace, "tortoise"), FailureModesTest::available);
    }

    @Test
    void theSimulationMayBeNamedOnThePodTemplate() {
        String namespace = cluster.namespace("template");
        cluster.apply(new DeploymentBuilder(pavedDeployment(namespace, "mail", 1).build()).editSpec().editTemplate()
                .editMetadata().addToAnnotations("paved.dev/simulate", "crash-loop").endMetadata().endTemplate()
                .endSpec().build());

        awaitPod(namespace, "a crash loop", status -> waitingFor(status, "CrashLoopBackOff"));
    }

    @Test
    void anUnknownSimulationIsReportedAndTheWorkloadBehaves() {
        String namespace = cluster.namespace("unknown");
        cluster.apply(simulating(namespace, "misc", "explode"));

        await("misc rolled out", () -> cluster.deployment(namespace, "misc"), FailureModesTest::available);
        Event warning = cluster.events(namespace, "UnknownSimulation").get(0);
        assertEquals("Warning", warning.getType());
        assertTrue(warning.getMessage().contains("crash-loop, image-pull-error, oom-killed, unschedulable, slow"),
                warning.getMessage());
    }

    private static Deployment simulating(String namespace, String name, String simulation) {
        return new DeploymentBuilder(pavedDeployment(namespace, name, 1).build()).editMetadata()
                .addToAnnotations("paved.dev/simulate", simulation).endMetadata().build();
    }

    private static boolean available(Deployment deployment) {
        return deployment != null && cluster.condition(deployment, "Progressing")
                .filter(c -> "NewReplicaSetAvailable".equals(c.getReason())).isPresent();
    }

    private static boolean waitingFor(ContainerStatus status, String reason) {
        return status.getState() != null && status.getState().getWaiting() != null
                && reason.equals(status.getState().getWaiting().getReason());
    }

    private static Pod awaitPod(String namespace, String what,
            Predicate<ContainerStatus> condition) {
        return await(what, () -> cluster.pods(namespace), pods -> pods.size() == 1 && pods.get(0).getStatus() != null
                && !pods.get(0).getStatus().getContainerStatuses().isEmpty()
                && condition.test(pods.get(0).getStatus().getContainerStatuses().get(0))).get(0);
    }
}
