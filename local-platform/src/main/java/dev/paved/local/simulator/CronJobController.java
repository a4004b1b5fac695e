package dev.paved.local.simulator;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubernetes' CronJob controller for the CronJobs Paved applied: a Job at each time the schedule names
 * (the most recent one missed, after a restart), {@code concurrencyPolicy}, {@code suspend},
 * {@code startingDeadlineSeconds}, {@code timeZone}, the history limits, and the status
 * ({@code active}, {@code lastScheduleTime}, {@code lastSuccessfulTime}). It wakes up at the next
 * scheduled time and not before.
 */
final class CronJobController extends Controller {

    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** Missed times looked through after a long stop, as the real controller gives up after 100. */
    private static final int MAX_MISSED = 100_000;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    CronJobController(Parts parts) {
        super(parts);
    }

    @Override
    public void reconcile(String namespace, String name) {
        Optional<CronJob> found = state.cronJobs.get(namespace, name);
        if (found.isEmpty() || !state.managed(found.get()) || ClusterState.deleting(found.get())) {
            return;
        }
        CronJob cronJob = found.get();
        Instant now = clock.instant();
        warnOfUnknownSimulation(cronJob, cronJob.getSpec().getJobTemplate().getSpec().getTemplate(),
                EventRecorder.CRONJOB_CONTROLLER, now);
        CronJobSpec spec = cronJob.getSpec();
        List<Job> jobs = jobs(cronJob);
        CronJobStatus before = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
        Map<String, ObjectReference> active = new LinkedHashMap<>();
        for (ObjectReference reference : before.getActive()) {
            Optional<Job> job = jobs.stream().filter(candidate -> candidate.getMetadata().getUid()
                    .equals(reference.getUid())).findFirst();
            if (job.isPresent() && JobController.finished(job.get())) {
                events.normal(cronJob, EventRecorder.CRONJOB_CONTROLLER, "SawCompletedJob", "Saw completed job: "
                        + reference.getName() + ", status: " + (JobController.succeeded(job.get()) ? "Complete"
                                : "Failed"), now);
            } else if (job.isPresent()) {
                active.put(reference.getUid(), reference);
            }
        }
        jobs.stream().filter(job -> !JobController.finished(job))
                .forEach(job -> active.putIfAbsent(job.getMetadata().getUid(), reference(job)));
        String lastSuccessfulTime = jobs.stream().filter(JobController::succeeded)
                .map(job -> job.getStatus().getCompletionTime()).filter(Objects::nonNull)
                .map(Timestamps::parse).flatMap(Optional::stream).max(Comparator.naturalOrder())
                .map(Timestamps::format).orElse(before.getLastSuccessfulTime());
        removeOldHistory(cronJob, jobs, now);
        String lastScheduleTime = before.getLastScheduleTime();

        Optional<CronSchedule> schedule = schedule(cronJob, now);
        Optional<ZoneId> zone = zone(cronJob, now);
        if (schedule.isPresent() && zone.isPresent() && !Boolean.TRUE.equals(spec.getSuspend())) {
            Instant earliest = Timestamps.parse(lastScheduleTime)
                    .or(() -> Timestamps.parse(cronJob.getMetadata().getCreationTimestamp())).orElse(now);
            Optional<Instant> due = mostRecentMissed(schedule.get(), zone.get(), earliest, now);
            if (due.isPresent()) {
                Optional<Job> created = startJob(cronJob, due.get(), active, now);
                if (created.isPresent()) {
                    active.put(created.get().getMetadata().getUid(), reference(created.get()));
                    lastScheduleTime = Timestamps.format(due.get());
                }
            }
            schedule.get().next(now, zone.get())
                    .ifPresent(next -> wakeUpAt(cronJob.getMetadata().getNamespace(), name, next));
        }
        CronJobStatus status = new CronJobStatusBuilder().withActive(new ArrayList<>(active.values()))
                .withLastScheduleTime(lastScheduleTime).withLastSuccessfulTime(lastSuccessfulTime).build();
        if (!Objects.equals(cronJob.getStatus(), status)) {
            writer.replaceStatus(new CronJobBuilder(cronJob).withStatus(status).build());
        }
    }

    private Optional<CronSchedule> schedule(CronJob cronJob, Instant now) {
        try {
            return Optional.of(CronSchedule.parse(cronJob.getSpec().getSchedule()));
        } catch (IllegalArgumentException e) {
            events.warning(cronJob, EventRecorder.CRONJOB_CONTROLLER, "UnparseableSchedule", "unparseable schedule: \""
                    + cronJob.getSpec().getSchedule() + "\" : " + e.getMessage(), now);
            return Optional.empty();
        }
    }

    private Optional<ZoneId> zone(CronJob cronJob, Instant now) {
        String timeZone = cronJob.getSpec().getTimeZone();
        if (timeZone == null || timeZone.isEmpty()) {
            return Optional.of(ZoneOffset.UTC);
        }
        try {
            return Optional.of(ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            events.warning(cronJob, EventRecorder.CRONJOB_CONTROLLER, "UnknownTimeZone",
                    "invalid timeZone: \"" + timeZone + "\": " + e.getMessage(), now);
            return Optional.empty();
        }
    }

    /** The latest scheduled time after {@code earliest} that is not in the future. */
    private static Optional<Instant> mostRecentMissed(CronSchedule schedule, ZoneId zone, Instant earliest,
            Instant now) {
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> next = schedule.next(earliest, zone);
        for (int i = 0; i < MAX_MISSED && next.isPresent() && !next.get().isAfter(now); i++) {
            latest = next;
            next = schedule.next(next.get(), zone);
        }
        return latest;
    }

    private Optional<Job> startJob(CronJob cronJob, Instant scheduled, Map<String, ObjectReference> active,
            Instant now) {
        CronJobSpec spec = cronJob.getSpec();
        if (spec.getStartingDeadlineSeconds() != null
                && scheduled.plusSeconds(spec.getStartingDeadlineSeconds()).isBefore(now)) {
            events.warning(cronJob, EventRecorder.CRONJOB_CONTROLLER, "MissSchedule",
                    "Missed scheduled time to start a job: " + RFC_1123.format(scheduled.atOffset(ZoneOffset.UTC)),
                    now);
            return Optional.empty();
        }
        if ("Forbid".equals(spec.getConcurrencyPolicy()) && !active.isEmpty()) {
            events.normal(cronJob, EventRecorder.CRONJOB_CONTROLLER, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid", now);
            return Optional.empty();
        }
        if ("Replace".equals(spec.getConcurrencyPolicy())) {
            for (ObjectReference reference : List.copyOf(active.values())) {
                state.jobs.get(reference.getNamespace(), reference.getName()).ifPresent(job -> {
                    writer.delete(job);
                    events.normal(cronJob, EventRecorder.CRONJOB_CONTROLLER, "SuccessfulDelete",
                            "Deleted job " + reference.getName(), now);
                });
                active.remove(reference.getUid());
            }
        }
        String name = cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
        Optional<Job> existing = state.jobs.get(cronJob.getMetadata().getNamespace(), name);
        if (existing.isPresent()) {
            return existing;
        }
        Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(spec.getJobTemplate().getMetadata() == null ? Map.of()
                        : spec.getJobTemplate().getMetadata().getLabels())
                .withAnnotations(spec.getJobTemplate().getMetadata() == null ? Map.of()
                        : spec.getJobTemplate().getMetadata().getAnnotations())
                .addToAnnotations(SCHEDULED_TIMESTAMP, Timestamps.format(scheduled))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().withSpec(spec.getJobTemplate().getSpec()).build();
        Job created;
        try {
            created = writer.create(job, now);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
        created = selectOwnPods(created);
        events.normal(cronJob, EventRecorder.CRONJOB_CONTROLLER, "SuccessfulCreate", "Created job " + name, now);
        return Optional.of(created);
    }

    /** What the API server adds to a Job it creates: a selector and template labels naming the Job's own UID. */
    private Job selectOwnPods(Job job) {
        String uid = job.getMetadata().getUid();
        String name = job.getMetadata().getName();
        ObjectNode patch = ClusterWriter.patch();
        ObjectNode spec = patch.withObjectProperty("spec");
        spec.withObjectProperty("selector").withObjectProperty("matchLabels")
                .put(JobController.CONTROLLER_UID_LABEL, uid);
        spec.withObjectProperty("template").withObjectProperty("metadata").withObjectProperty("labels")
                .put(JobController.CONTROLLER_UID_LABEL, uid).put(JobController.JOB_NAME_LABEL, name)
                .put("controller-uid", uid).put("job-name", name);
        patch.withObjectProperty("metadata").withObjectProperty("labels").put(JobController.CONTROLLER_UID_LABEL, uid)
                .put(JobController.JOB_NAME_LABEL, name);
        return writer.patch(job, patch);
    }

    /** Finished Jobs beyond {@code successfulJobsHistoryLimit} (3) and {@code failedJobsHistoryLimit} (1) go, oldest first. */
    private void removeOldHistory(CronJob cronJob, List<Job> jobs, Instant now) {
        CronJobSpec spec = cronJob.getSpec();
        removeOldest(cronJob, jobs.stream().filter(JobController::succeeded).toList(),
                spec.getSuccessfulJobsHistoryLimit() == null ? 3 : spec.getSuccessfulJobsHistoryLimit(), now);
        removeOldest(cronJob, jobs.stream().filter(job -> JobController.finished(job) && !JobController.succeeded(job))
                .toList(), spec.getFailedJobsHistoryLimit() == null ? 1 : spec.getFailedJobsHistoryLimit(), now);
    }

    private void removeOldest(CronJob cronJob, List<Job> finished, int keep, Instant now) {
        List<Job> oldestFirst = finished.stream().sorted(Comparator.comparing(
                (Job job) -> Timestamps.parse(job.getStatus().getStartTime()).orElse(Instant.MIN))
                .thenComparing(job -> job.getMetadata().getName())).toList();
        for (int i = 0; i < oldestFirst.size() - keep; i++) {
            Job job = oldestFirst.get(i);
            writer.delete(job);
            events.normal(cronJob, EventRecorder.CRONJOB_CONTROLLER, "SuccessfulDelete",
                    "Deleted job " + job.getMetadata().getName(), now);
        }
    }

    private List<Job> jobs(CronJob cronJob) {
        String uid = cronJob.getMetadata().getUid();
        return state.jobs.ownedBy(uid).stream()
                .filter(job -> ClusterState.controllerOf(job).filter(owner -> uid.equals(owner.getUid())).isPresent())
                .filter(job -> !ClusterState.deleting(job)).toList();
    }

    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
                .build();
    }

}
