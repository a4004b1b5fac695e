package dev.paved.observability.health.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.paved.common.problem.ProblemException;
import dev.paved.observability.config.HealthConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/**
 * The health of an environment's workloads, from the live objects of its namespace.
 *
 * <p>Every Deployment, StatefulSet and CronJob in the namespace is a workload, whoever made it; so is
 * every workload the caller expects (those Paved deployed) even when it is gone. Each rule that fires
 * gives a finding: a health and a reason about one object. A workload is as healthy as its worst
 * finding ({@link Health} gives the order), Healthy when none fires, and lists its reasons worst
 * first. The environment is as healthy as its worst workload.
 *
 * <p>The rules, after Argo CD's health assessment and {@code kubectl rollout status}:
 *
 * <table>
 * <caption>Rule → health → reason</caption>
 * <tr><th>#</th><th>when</th><th>health</th><th>reason (about)</th></tr>
 * <tr><td>W1</td><td>an expected workload is not in the namespace</td><td>Missing</td><td>Missing (the workload)</td></tr>
 * <tr><td>W2</td><td>the workload is being deleted (no other rule is read)</td><td>Progressing</td><td>Terminating</td></tr>
 * <tr><td>W3</td><td>the namespace is not observed yet (see {@link #unobserved})</td><td>Unknown</td><td>NotObserved</td></tr>
 * <tr><td>D1</td><td>Deployment {@code spec.paused} (D3 to D8 are not read: a paused rollout does not proceed)</td><td>Suspended</td><td>Paused</td></tr>
 * <tr><td>D2</td><td>ReplicaFailure=True on the Deployment or one of its ReplicaSets (quota, admission)</td><td>Degraded</td><td>ReplicaFailure (the Deployment or ReplicaSet)</td></tr>
 * <tr><td>D3</td><td>{@code metadata.generation > status.observedGeneration} (the status is not read further)</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>D4</td><td>condition Progressing has reason ProgressDeadlineExceeded</td><td>Degraded</td><td>ProgressDeadlineExceeded</td></tr>
 * <tr><td>D5</td><td>{@code spec.replicas} and {@code status.replicas} are 0</td><td>Suspended</td><td>ScaledToZero</td></tr>
 * <tr><td>D6</td><td>else updated replicas &lt; {@code spec.replicas}</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>D7</td><td>else replicas &gt; updated replicas (old ones pending termination)</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>D8</td><td>else available replicas &lt; updated replicas</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>S1</td><td>StatefulSet {@code status.observedGeneration} is 0 or below {@code metadata.generation}</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>S2</td><td>{@code spec.replicas} and {@code status.replicas} are 0</td><td>Suspended</td><td>ScaledToZero</td></tr>
 * <tr><td>S3</td><td>else ready replicas &lt; {@code spec.replicas}</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>S4</td><td>else replicas &gt; {@code spec.replicas} (scaling down)</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>S5</td><td>else RollingUpdate: updated replicas &lt; replicas − partition, or, without a partition, update revision ≠ current revision</td><td>Progressing</td><td>RolloutInProgress</td></tr>
 * <tr><td>C1</td><td>CronJob {@code spec.suspend} (nothing else is read)</td><td>Suspended</td><td>Suspended</td></tr>
 * <tr><td>C2</td><td>its last finished Job has condition Failed (or FailureTarget) True; the P1 to P4 causes of that Job's pods are added</td><td>Degraded</td><td>JobFailed (the Job)</td></tr>
 * <tr><td>C3</td><td>the pods of its Jobs still running newer than that are held to P1 to P7</td><td>as the rule</td><td>as the rule</td></tr>
 * <tr><td>P1</td><td>a container (or init container) waits with reason CrashLoopBackOff</td><td>Degraded</td><td>CrashLoopBackOff (the Pod)</td></tr>
 * <tr><td>P2</td><td>… with ImagePullBackOff, ErrImagePull, ErrImageNeverPull or InvalidImageName</td><td>Degraded</td><td>that reason (the Pod)</td></tr>
 * <tr><td>P3</td><td>… with CreateContainerConfigError, or any reason Err*, *Error, *BackOff (CreateContainerError, RunContainerError, ...)</td><td>Degraded</td><td>that reason (the Pod)</td></tr>
 * <tr><td>P4</td><td>a container's current or last termination is OOMKilled, and it is not ready or was killed within {@link HealthPolicy#recentTermination()}</td><td>Degraded</td><td>OOMKilled (the Pod)</td></tr>
 * <tr><td>P5</td><td>condition PodScheduled=False with reason Unschedulable, for less than {@link HealthPolicy#unschedulableGrace()} / for longer</td><td>Progressing / Degraded</td><td>Unschedulable (the Pod)</td></tr>
 * <tr><td>P6</td><td>the pod is Running and a container runs without being ready for {@link HealthPolicy#notReadyGrace()} (the last "Readiness probe failed" event is quoted)</td><td>Degraded</td><td>ReadinessFailing (the Pod)</td></tr>
 * <tr><td>P7</td><td>the pod's phase is Unknown (its node stopped reporting)</td><td>Unknown</td><td>PodStatusUnknown (the Pod)</td></tr>
 * </table>
 *
 * <p>The P rules apply to every pod of a Deployment (through its ReplicaSets, old and new) or of a
 * StatefulSet that is neither finished nor being deleted: an evicted pod a controller has replaced
 * says nothing about the workload any more. A paused Deployment or one scaled to zero is still held
 * to them and to D2, so a paused Deployment with crashing pods is Degraded, not Suspended.
 */
@ApplicationScoped
public class HealthAssessment {

    static final Comparator<HasMetadata> BY_NAME = Comparator.comparing(NamespaceObjects::name);

    private final PodRules podRules;

    @Inject
    public HealthAssessment(HealthConfig config) {
        this(new HealthPolicy(config.unschedulableGrace(), config.notReadyGrace(), config.recentTermination()));
    }

    public HealthAssessment(HealthPolicy policy) {
        this.podRules = new PodRules(policy);
    }

    /**
     * Every workload of the namespace and every expected one, and the environment's roll-up. Present
     * workloads come in the order of {@link NamespaceObjects#workloads()}, the missing ones after them.
     */
    public EnvironmentHealth environment(NamespaceObjects objects, Collection<WorkloadRef> expected, Instant now) {
        List<WorkloadHealth> workloads = new ArrayList<>();
        for (WorkloadRef workload : objects.workloads()) {
            workloads.add(assess(objects, workload, now));
        }
        for (WorkloadRef workload : new LinkedHashSet<>(expected)) {
            if (objects.workload(workload).isEmpty()) {
                workloads.add(missing(objects, workload));
            }
        }
        return EnvironmentHealth.of(workloads);
    }

    /**
     * One workload by name, as {@link NamespaceObjects#resolve} finds it.
     *
     * @throws ProblemException 404 {@code WORKLOAD_NOT_FOUND} when there is none of that name
     */
    public WorkloadHealth workload(NamespaceObjects objects, String name, Collection<WorkloadRef> expected,
            Instant now) {
        WorkloadRef workload = objects.resolve(name, expected);
        return objects.workload(workload).isPresent() ? assess(objects, workload, now) : missing(objects, workload);
    }

    /**
     * The health when the namespace's objects cannot be read (its cache has not synced, or the cluster
     * is not reachable): every expected workload, and the environment, Unknown.
     */
    public EnvironmentHealth unobserved(Collection<WorkloadRef> expected, String why) {
        List<WorkloadHealth> workloads = new LinkedHashSet<>(expected).stream()
                .map(workload -> new WorkloadHealth(workload, Health.UNKNOWN,
                        List.of(new Reason(Reasons.NOT_OBSERVED, why, workload.object()))))
                .toList();
        return new EnvironmentHealth(Health.UNKNOWN, workloads);
    }

    private WorkloadHealth assess(NamespaceObjects objects, WorkloadRef workload, Instant now) {
        HasMetadata object = objects.workload(workload).orElseThrow();
        List<Finding> findings = new ArrayList<>();
        if (object.getMetadata().getDeletionTimestamp() != null) {
            findings.add(Finding.of(Health.PROGRESSING, Reasons.TERMINATING, "the " + workload.kind().kind()
                    + " is being deleted", workload.object()));
            return of(workload, findings);
        }
        switch (workload.kind()) {
            case DEPLOYMENT -> DeploymentRules.assess((Deployment) object, objects, findings);
            case STATEFUL_SET -> StatefulSetRules.assess((StatefulSet) object, findings);
            case CRON_JOB -> CronJobRules.assess((CronJob) object, objects, podRules, now, findings);
        }
        if (workload.kind() != WorkloadKind.CRON_JOB) {
            podRules.assessLive(objects.podsOf(workload), objects, now, findings);
        }
        return of(workload, findings);
    }

    private static WorkloadHealth missing(NamespaceObjects objects, WorkloadRef workload) {
        return new WorkloadHealth(workload, Health.MISSING, List.of(new Reason(Reasons.MISSING, "Paved deployed "
                + workload.object() + " but it is not in namespace " + objects.namespace(), workload.object())));
    }

    /** The worst finding's health, and every reason, worst first, in the order found within a health. */
    private static WorkloadHealth of(WorkloadRef workload, List<Finding> findings) {
        Health health = Health.HEALTHY;
        for (Finding finding : findings) {
            health = Health.worst(health, finding.health());
        }
        List<Reason> reasons = findings.stream()
                .sorted(Comparator.comparing(Finding::health).reversed())
                .map(Finding::reason)
                .distinct()
                .toList();
        return new WorkloadHealth(workload, health, reasons);
    }
}
