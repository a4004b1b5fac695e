package dev.paved.observability.health.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;

/**
 * Live objects as the Kubernetes controllers leave them, for the health rules' tables. Every builder
 * starts healthy, at {@link #NOW}, so that a row states only what is wrong with it.
 */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String NAMESPACE = "shop-dev";

    private Fixtures() {
    }

    static String ago(Duration duration) {
        return NOW.minus(duration).toString();
    }

    static NamespaceObjects objects(HasMetadata... objects) {
        return objects(List.of(objects));
    }

    static NamespaceObjects objects(List<? extends HasMetadata> objects) {
        List<Deployment> deployments = new ArrayList<>();
        List<ReplicaSet> replicaSets = new ArrayList<>();
        List<StatefulSet> statefulSets = new ArrayList<>();
        List<CronJob> cronJobs = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment deployment) {
                deployments.add(deployment);
            } else if (object instanceof ReplicaSet replicaSet) {
                replicaSets.add(replicaSet);
            } else if (object instanceof StatefulSet statefulSet) {
                statefulSets.add(statefulSet);
            } else if (object instanceof CronJob cronJob) {
                cronJobs.add(cronJob);
            } else if (object instanceof Job job) {
                jobs.add(job);
            } else if (object instanceof Pod pod) {
                pods.add(pod);
            } else if (object instanceof Event event) {
                events.add(event);
            } else {
                throw new IllegalArgumentException("not a kind the health rules read: " + object.getKind());
            }
        }
        return NamespaceObjects.of(NAMESPACE, deployments, replicaSets, statefulSets, cronJobs, jobs, pods, events);
    }

    static ObjectMeta meta(String name, HasMetadata owner, Duration age) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
                .withUid("uid-" + name).withGeneration(1L).withCreationTimestamp(ago(age));
        if (owner != null) {
            meta.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid()).withController(true).build());
        }
        return meta.build();
    }

    // Deployments and ReplicaSets

    /** A Deployment whose rollout of {@code replicas} replicas has completed. */
    static DeploymentBuilder deployment(String name, int replicas) {
        return new DeploymentBuilder().withMetadata(meta(name, null, Duration.ofDays(1)))
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withConditions(deploymentCondition("Available", "True", "MinimumReplicasAvailable", null),
                        deploymentCondition("Progressing", "True", "NewReplicaSetAvailable", null))
                .endStatus();
    }

    static DeploymentCondition deploymentCondition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).build();
    }

    static ReplicaSet replicaSet(Deployment owner, String hash) {
        int replicas = owner.getSpec().getReplicas();
        return new ReplicaSetBuilder().withMetadata(meta(owner.getMetadata().getName() + "-" + hash, owner,
                Duration.ofDays(1)))
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).endStatus()
                .build();
    }

    static ReplicaSet failing(ReplicaSet replicaSet, String reason, String message) {
        return new ReplicaSetBuilder(replicaSet).editStatus().addToConditions(new ReplicaSetConditionBuilder()
                .withType("ReplicaFailure").withStatus("True").withReason(reason).withMessage(message).build())
                .endStatus().build();
    }

    // StatefulSets

    /** A StatefulSet whose rolling update of {@code replicas} replicas has completed. */
    static StatefulSetBuilder statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withMetadata(meta(name, null, Duration.ofDays(1)))
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
                .endRollingUpdate().endUpdateStrategy().endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).withCurrentReplicas(replicas).withUpdatedReplicas(replicas)
                .withCurrentRevision(name + "-5d8f9c7b6").withUpdateRevision(name + "-5d8f9c7b6").endStatus();
    }

    // CronJobs and Jobs

    static CronJobBuilder cronJob(String name) {
        return new CronJobBuilder().withMetadata(meta(name, null, Duration.ofDays(1)))
                .withNewSpec().withSchedule("*/15 * * * *").withSuspend(false).endSpec();
    }

    /** A run of the CronJob created {@code age} ago; {@code condition} Complete, Failed, or null while it runs. */
    static Job job(CronJob owner, String name, Duration age, String condition, String reason, String message) {
        JobBuilder job = new JobBuilder().withMetadata(meta(name, owner, age)).withNewSpec().endSpec()
                .withNewStatus().withStartTime(ago(age)).endStatus();
        if (condition == null) {
            return job.editStatus().withActive(1).endStatus().build();
        }
        return job.editStatus().withConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                .withReason(reason).withMessage(message).withLastTransitionTime(ago(age.minusMinutes(1))).build())
                .endStatus().build();
    }

    // Pods

    /** A pod of {@code owner}, scheduled, running and ready for an hour, with one container {@code app}. */
    static PodBuilder pod(String name, HasMetadata owner) {
        return new PodBuilder().withMetadata(meta(name, owner, Duration.ofHours(1)))
                .withNewSpec().withNodeName("node-1").withRestartPolicy("Always").addNewContainer().withName("app")
                .withImage("registry.example.com/shop/web:1.4.2").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withStartTime(ago(Duration.ofHours(1)))
                .withConditions(podCondition("PodScheduled", "True", null, null, Duration.ofHours(1)),
                        podCondition("Ready", "True", null, null, Duration.ofHours(1)))
                .withContainerStatuses(running("app", true, Duration.ofHours(1), 0))
                .endStatus();
    }

    /** The pod with its Ready condition and its container statuses replaced. */
    static Pod withContainers(PodBuilder pod, ContainerStatus... containers) {
        boolean ready = List.of(containers).stream().allMatch(container -> Boolean.TRUE.equals(container.getReady()));
        return pod.editStatus().withContainerStatuses(containers)
                .withConditions(podCondition("PodScheduled", "True", null, null, Duration.ofHours(1)),
                        podCondition("Ready", ready ? "True" : "False", ready ? null : "ContainersNotReady", null,
                                Duration.ofHours(1)))
                .endStatus().build();
    }

    static PodCondition podCondition(String type, String status, String reason, String message, Duration since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(ago(since)).build();
    }

    /** A pod the scheduler has found no node for since {@code since} ago. */
    static Pod unschedulable(String name, HasMetadata owner, Duration since) {
        return pod(name, owner).editSpec().withNodeName(null).endSpec()
                .editStatus().withPhase("Pending").withContainerStatuses()
                .withConditions(podCondition("PodScheduled", "False", "Unschedulable",
                        "0/3 nodes are available: 3 Insufficient cpu.", since))
                .endStatus().build();
    }

    static ContainerStatus running(String name, boolean ready, Duration startedAgo, int restarts) {
        return new ContainerStatusBuilder().withName(name).withImage("registry.example.com/shop/web:1.4.2")
                .withReady(ready).withStarted(true).withRestartCount(restarts)
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(ago(startedAgo)).endRunning()
                        .build())
                .build();
    }

    static ContainerStatus waiting(String name, String reason, String message, int restarts) {
        return new ContainerStatusBuilder().withName(name).withImage("registry.example.com/shop/web:1.4.2")
                .withReady(false).withStarted(false).withRestartCount(restarts)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().build())
                .build();
    }

    static ContainerStatus terminated(String name, String reason, int exitCode, Duration finishedAgo) {
        return new ContainerStatusBuilder().withName(name).withImage("registry.example.com/shop/web:1.4.2")
                .withReady(false).withStarted(false).withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewTerminated().withReason(reason).withExitCode(exitCode)
                        .withFinishedAt(ago(finishedAgo)).endTerminated().build())
                .build();
    }

    /** The container status with its last termination set. */
    static ContainerStatus lastTerminated(ContainerStatus status, String reason, int exitCode, Duration finishedAgo) {
        return new ContainerStatusBuilder(status).withLastState(new ContainerStateBuilder().withNewTerminated()
                .withReason(reason).withExitCode(exitCode).withFinishedAt(ago(finishedAgo)).endTerminated().build())
                .build();
    }

    // Events

    static Event warning(String kind, String name, String reason, String message, int count, Duration lastSeenAgo) {
        return new EventBuilder().withMetadata(new ObjectMetaBuilder().withName(name + "." + reason.toLowerCase()
                + lastSeenAgo.toSeconds()).withNamespace(NAMESPACE).withCreationTimestamp(ago(lastSeenAgo)).build())
                .withType("Warning").withReason(reason).withMessage(message).withCount(count)
                .withFirstTimestamp(ago(lastSeenAgo.plusMinutes(count))).withLastTimestamp(ago(lastSeenAgo))
                .withNewInvolvedObject().withKind(kind).withName(name).withNamespace(NAMESPACE).endInvolvedObject()
                .build();
    }

    static Event normal(String kind, String name, String reason, String message, Duration lastSeenAgo) {
        return new EventBuilder(warning(kind, name, reason, message, 1, lastSeenAgo)).withType("Normal").build();
    }
}
