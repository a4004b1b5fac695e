package dev.paved.local.simulator;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The objects the simulator works with, and which of them are its to run: Deployments and CronJobs
 * labelled {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY_PAVED}, and what their controllers made for
 * them. Everything else it leaves as it is.
 */
final class ClusterState {

    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_PAVED = "paved";

    final ObjectCache<Deployment> deployments = new ObjectCache<>();
    final ObjectCache<ReplicaSet> replicaSets = new ObjectCache<>();
    final ObjectCache<Pod> pods = new ObjectCache<>();
    final ObjectCache<CronJob> cronJobs = new ObjectCache<>();
    final ObjectCache<Job> jobs = new ObjectCache<>();
    final ObjectCache<Node> nodes = new ObjectCache<>();

    @SuppressWarnings("unchecked")
    <T extends HasMetadata> ObjectCache<T> cacheOf(T object) {
        Map<Class<?>, ObjectCache<?>> caches = Map.of(Deployment.class, deployments, ReplicaSet.class, replicaSets,
                Pod.class, pods, CronJob.class, cronJobs, Job.class, jobs, Node.class, nodes);
        ObjectCache<?> cache = caches.get(object.getClass());
        if (cache == null) {
            throw new IllegalArgumentException("the simulator keeps no " + object.getKind());
        }
        return (ObjectCache<T>) cache;
    }

    static boolean labelledForPaved(HasMetadata object) {
        return MANAGED_BY_PAVED.equals(object.getMetadata().getLabels().get(MANAGED_BY_LABEL));
    }

    static boolean deleting(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
    }

    Optional<Deployment> ownerOf(ReplicaSet replicaSet) {
        return controller(replicaSet, "Deployment", deployments);
    }

    Optional<CronJob> ownerOf(Job job) {
        return controller(job, "CronJob", cronJobs);
    }

    Optional<ReplicaSet> replicaSetOf(Pod pod) {
        return controller(pod, "ReplicaSet", replicaSets);
    }

    Optional<Job> jobOf(Pod pod) {
        return controller(pod, "Job", jobs);
    }

    private static <T extends HasMetadata> Optional<T> controller(HasMetadata object, String kind,
            ObjectCache<T> owners) {
        return controllerOf(object).filter(owner -> kind.equals(owner.getKind()))
                .flatMap(owner -> owners.byUid(owner.getUid()));
    }

    boolean managed(Deployment deployment) {
        return labelledForPaved(deployment);
    }

    boolean managed(CronJob cronJob) {
        return labelledForPaved(cronJob);
    }

    boolean managed(ReplicaSet replicaSet) {
        return ownerOf(replicaSet).filter(this::managed).isPresent();
    }

    boolean managed(Job job) {
        return ownerOf(job).filter(this::managed).isPresent();
    }

    boolean managed(Pod pod) {
        return replicaSetOf(pod).filter(this::managed).isPresent() || jobOf(pod).filter(this::managed).isPresent();
    }

    /**
     * What a new pod of {@code workload} is to act out: the {@value FailureMode#ANNOTATION} annotation
     * of its template, else the workload's own; null for nothing. A pod keeps what it was given, so
     * a failure a new revision brings leaves the pods of the old one running, as a bad release would.
     */
    static String simulationFor(Optional<? extends HasMetadata> workload, PodTemplateSpec template) {
        String annotation = template.getMetadata() == null ? null
                : template.getMetadata().getAnnotations().get(FailureMode.ANNOTATION);
        return annotation != null ? annotation
                : workload.map(owner -> owner.getMetadata().getAnnotations().get(FailureMode.ANNOTATION)).orElse(null);
    }

    /** What the pod acts out; a value that names no mode acts out nothing. */
    static FailureMode failureModeOf(Pod pod) {
        return FailureMode.parse(pod.getMetadata().getAnnotations().get(FailureMode.ANNOTATION))
                .orElse(FailureMode.NONE);
    }
}
