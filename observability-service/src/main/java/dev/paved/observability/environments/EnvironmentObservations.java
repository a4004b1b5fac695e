package dev.paved.observability.environments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.health.domain.EnvironmentHealth;
import dev.paved.observability.health.domain.HealthAssessment;
import dev.paved.observability.health.domain.NamespaceObjects;
import dev.paved.observability.health.domain.PodSummaries;
import dev.paved.observability.health.domain.PodSummary;
import dev.paved.observability.health.domain.WarningEvent;
import dev.paved.observability.health.domain.WarningEvents;
import dev.paved.observability.health.domain.WorkloadHealth;
import dev.paved.observability.health.domain.WorkloadRef;
import dev.paved.observability.kubernetes.ClusterCache;
import dev.paved.observability.kubernetes.UnknownCluster;

/**
 * What is known of an environment's workloads: the environment from provisioning (which decides whether
 * the caller may see it), its namespace's objects from the cluster cache, and the health rules over them.
 */
@ApplicationScoped
public class EnvironmentObservations {

    private final ProvisioningEnvironments provisioning;
    private final ClusterCache cache;
    private final HealthAssessment assessment;
    private final EnvironmentHealthMemo memo;

    public EnvironmentObservations(ProvisioningEnvironments provisioning, ClusterCache cache,
            HealthAssessment assessment, EnvironmentHealthMemo memo) {
        this.provisioning = provisioning;
        this.cache = cache;
        this.assessment = assessment;
        this.memo = memo;
    }

    /** The health of an environment, and when the cache it was read from last heard from the cluster (null: never). */
    public record Status(ObservedEnvironment environment, EnvironmentHealth health, Instant observedAt) {
    }

    /** A pod, and the workload it belongs to (empty for a pod no workload of the namespace owns). */
    public record WorkloadPod(String workload, PodSummary pod) {
    }

    /** An environment's namespace as the cache holds it. */
    public record Observed(ObservedEnvironment environment, NamespaceObjects objects, List<WorkloadRef> expected) {

        /** The workload of that name, present or expected; 404 WORKLOAD_NOT_FOUND when neither. */
        public WorkloadRef workload(String name) {
            return objects.resolve(name, expected);
        }
    }

    public Status status(String name) {
        ObservedEnvironment environment = provisioning.get(name);
        List<WorkloadRef> expected = provisioning.expectedWorkloads(environment.name());
        Instant now = Instant.now();
        Optional<NamespaceObjects> objects = objectsOf(environment);
        if (objects.isEmpty()) {
            return new Status(environment, assessment.unobserved(expected, notObserved(environment)), null);
        }
        return new Status(environment, memo.environment(environment.cluster(), objects.get(), expected, now),
                cache.observedAt(environment.cluster(), environment.namespace(), now).orElse(null));
    }

    /** @throws ProblemException 404 WORKLOAD_NOT_FOUND when the environment has no workload of that name */
    public WorkloadHealth workload(String name, String workload) {
        ObservedEnvironment environment = provisioning.get(name);
        List<WorkloadRef> expected = provisioning.expectedWorkloads(environment.name());
        Optional<NamespaceObjects> objects = objectsOf(environment);
        if (objects.isEmpty()) {
            return assessment.unobserved(expected, notObserved(environment)).workloads().stream()
                    .filter(health -> health.workload().name().equals(workload))
                    .findFirst()
                    .orElseThrow(() -> workloadNotFound(environment, workload));
        }
        return assessment.workload(objects.get(), workload, expected, Instant.now());
    }

    /**
     * The namespace's objects, for reads that need them.
     *
     * @throws ProblemException 503 NAMESPACE_NOT_OBSERVED while the cache does not hold the namespace
     */
    public Observed observe(String name) {
        ObservedEnvironment environment = provisioning.get(name);
        NamespaceObjects objects = objectsOf(environment)
                .orElseThrow(() -> new ProblemException(503, "NAMESPACE_NOT_OBSERVED", notObserved(environment)));
        return new Observed(environment, objects, provisioning.expectedWorkloads(environment.name()));
    }

    /** The pods of one workload (empty: of the namespace), each with its workload, by workload then name. */
    public List<WorkloadPod> pods(String name, String workload) {
        return pods(observe(name), workload);
    }

    /** The pods of one workload (empty: of every workload) of an environment already observed. */
    public List<WorkloadPod> pods(Observed observed, String workload) {
        Instant now = Instant.now();
        if (!workload.isEmpty()) {
            WorkloadRef ref = observed.workload(workload);
            return PodSummaries.of(observed.objects(), ref, now).stream()
                    .map(pod -> new WorkloadPod(ref.name(), pod)).toList();
        }
        List<WorkloadPod> pods = new ArrayList<>();
        for (WorkloadRef ref : observed.objects().workloads()) {
            PodSummaries.of(observed.objects(), ref, now).forEach(pod -> pods.add(new WorkloadPod(ref.name(), pod)));
        }
        return pods;
    }

    /** Warnings of one workload (empty: of the namespace), newest first; see {@link WarningEvents}. */
    public List<WarningEvent> events(String name, String workload, Instant since, Integer limit) {
        Observed observed = observe(name);
        if (workload.isEmpty()) {
            return WarningEvents.ofNamespace(observed.objects(), since, limit);
        }
        return WarningEvents.of(observed.objects(), observed.workload(workload), since, limit);
    }

    private Optional<NamespaceObjects> objectsOf(ObservedEnvironment environment) {
        try {
            return cache.workloadsOf(environment.cluster(), environment.namespace());
        } catch (UnknownCluster e) {
            throw new ProblemException(503, "CLUSTER_NOT_OBSERVED", "This service does not observe cluster '"
                    + environment.cluster() + "' of environment " + environment.name() + ".");
        }
    }

    private static String notObserved(ObservedEnvironment environment) {
        return "Namespace " + environment.namespace() + " of cluster " + environment.cluster()
                + " is not observed yet: it is not labelled as managed by Paved, or its objects are still being listed.";
    }

    private static ProblemException workloadNotFound(ObservedEnvironment environment, String workload) {
        return ProblemException.notFound("WORKLOAD_NOT_FOUND", "No workload '" + workload + "' in namespace "
                + environment.namespace() + ".");
    }
}
