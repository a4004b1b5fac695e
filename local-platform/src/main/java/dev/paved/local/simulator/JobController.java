package dev.paved.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;

/**
 * Kubernetes' Job controller for the Jobs of Paved's CronJobs: pods up to {@code parallelism} until
 * {@code completions} succeeded; a failed pod replaced after a back-off until the failures (and, with
 * {@code restartPolicy: OnFailure}, the restarts) exceed {@code backoffLimit}; {@code activeDeadlineSeconds};
 * the status with its {@code Complete} or {@code Failed} condition; {@code ttlSecondsAfterFinished}.
 */
final class JobController extends Controller {

    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";

    JobController(Parts parts) {
        super(parts);
    }

    @Override
    public void reconcile(String namespace, String name) {
        Optional<Job> found = state.jobs.get(namespace, name);
        if (found.isEmpty() || !state.managed(found.get()) || ClusterState.deleting(found.get())) {
            return;
        }
        Job job = found.get();
        Instant now = clock.instant();
        if (finished(job)) {
            expireWhenDue(job, now);
            return;
        }
        JobSpec spec = job.getSpec();
        int completions = spec.getCompletions() == null ? 1 : spec.getCompletions();
        int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
        int backoffLimit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
        List<Pod> pods = pods(job);
        List<Pod> active = pods.stream().filter(pod -> !Pods.terminal(pod) && !ClusterState.deleting(pod)).toList();
        int succeeded = Math.max(count(job.getStatus() == null ? null : job.getStatus().getSucceeded()),
                (int) pods.stream().filter(pod -> "Succeeded".equals(Pods.phase(pod))).count());
        int failed = Math.max(count(job.getStatus() == null ? null : job.getStatus().getFailed()),
                (int) pods.stream().filter(pod -> "Failed".equals(Pods.phase(pod))).count());
        Instant startTime = Optional.ofNullable(job.getStatus()).flatMap(status -> Timestamps.parse(status.getStartTime()))
                .orElse(now);
        List<JobCondition> conditions = new ArrayList<>(job.getStatus() == null ? List.of()
                : job.getStatus().getConditions());
        String completionTime = null;

        if (spec.getActiveDeadlineSeconds() != null
                && !startTime.plusSeconds(spec.getActiveDeadlineSeconds()).isAfter(now)) {
            stop(job, active, now);
            active = List.of();
            conditions.add(condition(FAILED, "DeadlineExceeded", "Job was active longer than specified deadline", now));
            events.warning(job, EventRecorder.JOB_CONTROLLER, "DeadlineExceeded",
                    "Job was active longer than specified deadline", now);
        } else if (failed + restarts(active) > backoffLimit) {
            stop(job, active, now);
            active = List.of();
            conditions.add(condition(FAILED, "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                    now));
            events.warning(job, EventRecorder.JOB_CONTROLLER, "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit", now);
        } else if (succeeded >= completions) {
            conditions.add(condition(COMPLETE, "CompletionsReached", "Reached expected number of succeeded pods", now));
            completionTime = Timestamps.format(now);
            events.normal(job, EventRecorder.JOB_CONTROLLER, "Completed", "Job completed", now);
        } else {
            int wanted = Math.min(parallelism, completions - succeeded);
            Optional<Duration> backOff = failed == 0 ? Optional.empty()
                    : lastFailure(pods).map(at -> Duration.between(now, at.plus(config.backOff(failed))))
                            .filter(wait -> !wait.isNegative() && !wait.isZero());
            if (active.size() < wanted && backOff.isPresent()) {
                wakeUpAt(namespace, name, now.plus(backOff.get()));
            } else {
                List<Pod> running = new ArrayList<>(active);
                for (int i = active.size(); i < wanted; i++) {
                    running.add(createPod(job, now));
                }
                active = running;
            }
            if (spec.getActiveDeadlineSeconds() != null) {
                wakeUpAt(namespace, name, startTime.plusSeconds(spec.getActiveDeadlineSeconds()));
            }
        }
        JobStatus status = new JobStatusBuilder(job.getStatus() == null ? new JobStatus() : job.getStatus())
                .withStartTime(Timestamps.format(startTime)).withActive(DeploymentController.omitZero(active.size()))
                .withReady((int) active.stream().filter(Pods::ready).count())
                .withSucceeded(DeploymentController.omitZero(succeeded)).withFailed(DeploymentController.omitZero(failed))
                .withCompletionTime(completionTime).withConditions(conditions).build();
        if (!Objects.equals(job.getStatus(), status)) {
            Job written = writer.replaceStatus(new JobBuilder(job).withStatus(status).build());
            if (finished(written)) {
                expireWhenDue(written, now);
            }
        }
    }

    static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions().stream()
                .anyMatch(condition -> (COMPLETE.equals(condition.getType()) || FAILED.equals(condition.getType()))
                        && "True".equals(condition.getStatus()));
    }

    static boolean succeeded(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions().stream()
                .anyMatch(condition -> COMPLETE.equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    private List<Pod> pods(Job job) {
        String uid = job.getMetadata().getUid();
        return state.pods.ownedBy(uid).stream()
                .filter(pod -> ClusterState.controllerOf(pod).filter(owner -> uid.equals(owner.getUid())).isPresent())
                .toList();
    }

    private Pod createPod(Job job, Instant now) {
        String uid = job.getMetadata().getUid();
        String name = job.getMetadata().getName();
        Pod pod = ReplicaSetController.newPod(job.getSpec().getTemplate(), job.getMetadata().getNamespace(),
                name + "-", new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name)
                        .withUid(uid).withController(true).withBlockOwnerDeletion(true).build(), "Never",
                ClusterState.simulationFor(state.ownerOf(job), job.getSpec().getTemplate()));
        Pod labelled = new PodBuilder(pod).editMetadata().addToLabels(CONTROLLER_UID_LABEL, uid)
                .addToLabels(JOB_NAME_LABEL, name).addToLabels("controller-uid", uid).addToLabels("job-name", name)
                .endMetadata().build();
        Pod created = writer.create(labelled, now);
        events.normal(job, EventRecorder.JOB_CONTROLLER, "SuccessfulCreate",
                "Created pod: " + created.getMetadata().getName(), now);
        return created;
    }

    /** A finished Job leaves no pod running. */
    private void stop(Job job, List<Pod> active, Instant now) {
        for (Pod pod : active) {
            PodLifecycle.recordKilling(events, pod, now);
            writer.delete(pod);
            events.normal(job, EventRecorder.JOB_CONTROLLER, "SuccessfulDelete",
                    "Deleted pod: " + pod.getMetadata().getName(), now);
        }
    }

    private static int restarts(List<Pod> active) {
        return active.stream().filter(pod -> "OnFailure".equals(pod.getSpec().getRestartPolicy()))
                .mapToInt(Pods::restarts).sum();
    }

    private static Optional<Instant> lastFailure(List<Pod> pods) {
        return pods.stream().filter(pod -> "Failed".equals(Pods.phase(pod)))
                .flatMap(pod -> Pods.containerStatuses(pod).stream()).map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> Timestamps.parse(state.getTerminated().getFinishedAt())).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /** {@code ttlSecondsAfterFinished}: Kubernetes' TTL controller deletes the finished Job, and its pods with it. */
    private void expireWhenDue(Job job, Instant now) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null) {
            return;
        }
        Instant finishedAt = job.getStatus().getConditions().stream()
                .filter(condition -> COMPLETE.equals(condition.getType()) || FAILED.equals(condition.getType()))
                .map(condition -> Timestamps.parse(condition.getLastTransitionTime())).flatMap(Optional::stream)
                .findFirst().orElse(now);
        Duration remaining = Duration.between(now, finishedAt.plusSeconds(ttl));
        if (remaining.isNegative() || remaining.isZero()) {
            writer.delete(job);
        } else {
            wakeUpAt(job.getMetadata().getNamespace(), job.getMetadata().getName(), finishedAt.plusSeconds(ttl));
        }
    }

    private static JobCondition condition(String type, String reason, String message, Instant now) {
        String time = Timestamps.format(now);
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(time).withLastTransitionTime(time).build();
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
