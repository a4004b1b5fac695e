package dev.paved.local.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;

/**
 * Kubernetes' ReplicaSet controller for the ReplicaSets of Paved's Deployments: as many pods as
 * {@code spec.replicas}, the least useful ones deleted first when there are too many, and the status
 * counts (ready, available after {@code minReadySeconds}).
 */
final class ReplicaSetController extends Controller {

    ReplicaSetController(Parts parts) {
        super(parts);
    }

    @Override
    public void reconcile(String namespace, String name) {
        Optional<ReplicaSet> found = state.replicaSets.get(namespace, name);
        if (found.isEmpty() || !state.managed(found.get()) || ClusterState.deleting(found.get())) {
            return;
        }
        ReplicaSet replicaSet = found.get();
        Instant now = clock.instant();
        List<Pod> active = activePods(state, replicaSet);
        int wanted = DeploymentController.replicas(replicaSet);
        for (int i = active.size(); i < wanted; i++) {
            Pod pod = writer.create(newPod(replicaSet.getSpec().getTemplate(), namespace, name + "-",
                    new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName(name)
                            .withUid(replicaSet.getMetadata().getUid()).withController(true)
                            .withBlockOwnerDeletion(true).build(), "Always",
                    ClusterState.simulationFor(state.ownerOf(replicaSet), replicaSet.getSpec().getTemplate())), now);
            events.normal(replicaSet, EventRecorder.REPLICASET_CONTROLLER, "SuccessfulCreate",
                    "Created pod: " + pod.getMetadata().getName(), now);
        }
        if (active.size() > wanted) {
            List<Pod> victims = active.stream().sorted(DELETION_ORDER).limit(active.size() - wanted).toList();
            for (Pod pod : victims) {
                PodLifecycle.recordKilling(events, pod, now);
                writer.delete(pod);
                events.normal(replicaSet, EventRecorder.REPLICASET_CONTROLLER, "SuccessfulDelete",
                        "Deleted pod: " + pod.getMetadata().getName(), now);
            }
        }
        syncStatus(replicaSet, now);
    }

    private void syncStatus(ReplicaSet replicaSet, Instant now) {
        List<Pod> active = activePods(state, replicaSet);
        int minReadySeconds = replicaSet.getSpec().getMinReadySeconds() == null ? 0
                : replicaSet.getSpec().getMinReadySeconds();
        Map<String, String> templateLabels = replicaSet.getSpec().getTemplate().getMetadata().getLabels();
        int fullyLabeled = (int) active.stream()
                .filter(pod -> pod.getMetadata().getLabels().entrySet().containsAll(templateLabels.entrySet())).count();
        int ready = (int) active.stream().filter(Pods::ready).count();
        int available = (int) active.stream().filter(pod -> Pods.available(pod, minReadySeconds, now)).count();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(active.size())
                .withFullyLabeledReplicas(DeploymentController.omitZero(fullyLabeled))
                .withReadyReplicas(DeploymentController.omitZero(ready))
                .withAvailableReplicas(DeploymentController.omitZero(available))
                .withObservedGeneration(replicaSet.getMetadata().getGeneration())
                .withConditions(replicaSet.getStatus() == null ? List.of() : replicaSet.getStatus().getConditions())
                .build();
        if (!Objects.equals(replicaSet.getStatus(), status)) {
            writer.replaceStatus(new ReplicaSetBuilder(replicaSet).withStatus(status).build());
        }
        if (available < ready) {
            // Pods ready for less than minReadySeconds become available when they have been for that long.
            active.stream().filter(Pods::ready).filter(pod -> !Pods.available(pod, minReadySeconds, now))
                    .map(Pods::readySince).flatMap(Optional::stream)
                    .map(since -> since.plusSeconds(minReadySeconds)).min(Comparator.naturalOrder())
                    .ifPresent(time -> wakeUpAt(replicaSet.getMetadata().getNamespace(),
                            replicaSet.getMetadata().getName(), time.plusMillis(10)));
        }
    }

    /** The pods the ReplicaSet controls that still count: not terminated, not being deleted. */
    static List<Pod> activePods(ClusterState state, ReplicaSet replicaSet) {
        String uid = replicaSet.getMetadata().getUid();
        return state.pods.ownedBy(uid).stream()
                .filter(pod -> ClusterState.controllerOf(pod).filter(owner -> uid.equals(owner.getUid())).isPresent())
                .filter(pod -> !ClusterState.deleting(pod) && !Pods.terminal(pod)).toList();
    }

    /**
     * A pod from a template, named as Kubernetes names generated pods: the prefix and five random
     * characters; {@code simulation}, unless null, is what it acts out.
     */
    static Pod newPod(PodTemplateSpec template, String namespace, String namePrefix, OwnerReference owner,
            String defaultRestartPolicy, String simulation) {
        PodSpec spec = new PodSpecBuilder(template.getSpec()).build();
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy(defaultRestartPolicy);
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        for (Container container : spec.getContainers()) {
            if (container.getImagePullPolicy() == null) {
                container.setImagePullPolicy(container.getImage() != null && container.getImage().endsWith(":latest")
                        ? "Always" : "IfNotPresent");
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>(template.getMetadata() == null ? Map.of()
                : template.getMetadata().getAnnotations());
        if (simulation != null) {
            annotations.put(FailureMode.ANNOTATION, simulation);
        }
        return new PodBuilder().withNewMetadata().withName(namePrefix + randomSuffix()).withGenerateName(namePrefix)
                .withNamespace(namespace)
                .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                .withAnnotations(annotations).withOwnerReferences(owner).endMetadata().withSpec(spec).build();
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(PodTemplateHash.SAFE_CHARACTERS.charAt(
                    ThreadLocalRandom.current().nextInt(PodTemplateHash.SAFE_CHARACTERS.length())));
        }
        return suffix.toString();
    }

    /**
     * Which pods go first when there are too many, as Kubernetes chooses: unscheduled before scheduled,
     * pending before running, unready before ready, ready for less time first, more restarts first,
     * newer first.
     */
    static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod pod) -> Pods.scheduled(pod))
            .thenComparing(pod -> phaseRank(Pods.phase(pod)))
            .thenComparing(Pods::ready)
            .thenComparing(pod -> Pods.readySince(pod).orElse(Instant.MIN), Comparator.reverseOrder())
            .thenComparing(Pods::restarts, Comparator.reverseOrder())
            .thenComparing(pod -> Timestamps.parse(pod.getMetadata().getCreationTimestamp()).orElse(Instant.MIN),
                    Comparator.reverseOrder());

    private static int phaseRank(String phase) {
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            default -> 2;
        };
    }
}
