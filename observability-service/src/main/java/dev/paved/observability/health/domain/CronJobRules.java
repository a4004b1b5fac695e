package dev.paved.observability.health.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * The rules about a CronJob (the C rows of {@link HealthAssessment}'s table). A CronJob is as good
 * as its last finished run: when that Job failed, the CronJob stays Degraded until a later run
 * succeeds. The pods of a run still under way are held to the pod rules, so that a run that cannot
 * even start (an image that cannot be pulled) shows before it fails.
 */
final class CronJobRules {

    /** Jobs newest first: by creation, then by name (a CronJob names its Jobs after the scheduled minute). */
    private static final Comparator<Job> NEWEST_FIRST = Comparator
            .comparing((Job job) -> Times.parse(job.getMetadata().getCreationTimestamp()),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(job -> job.getMetadata().getName())
            .reversed();

    private CronJobRules() {
    }

    static void assess(CronJob cronJob, NamespaceObjects objects, PodRules podRules, Instant now,
            List<Finding> findings) {
        if (cronJob.getSpec() != null && Boolean.TRUE.equals(cronJob.getSpec().getSuspend())) {
            findings.add(Finding.of(Health.SUSPENDED, Reasons.SUSPENDED, "the CronJob is suspended: no new runs start",
                    NamespaceObjects.object(cronJob)));
            return;
        }
        List<Job> jobs = objects.jobsOf(cronJob).stream().sorted(NEWEST_FIRST).toList();
        for (Job job : jobs) {
            JobCondition failed = terminal(job, "Failed", "FailureTarget");
            if (failed != null) {
                findings.add(Finding.of(Health.DEGRADED, Reasons.JOB_FAILED, "the last run failed"
                        + (failed.getReason() == null ? "" : " (" + failed.getReason() + ")")
                        + (failed.getMessage() == null ? "" : ": " + failed.getMessage()),
                        NamespaceObjects.object(job)));
                objects.podsOf(job).stream().sorted(HealthAssessment.BY_NAME)
                        .forEach(pod -> podRules.causesOfFailure(pod, now, findings));
                return;
            }
            if (terminal(job, "Complete", "SuccessCriteriaMet") != null) {
                return;
            }
            podRules.assessLive(objects.podsOf(job), objects, now, findings);
        }
    }

    /** The first condition of the given types that is True. */
    private static JobCondition terminal(Job job, String... types) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition condition : job.getStatus().getConditions()) {
            if ("True".equals(condition.getStatus()) && List.of(types).contains(condition.getType())) {
                return condition;
            }
        }
        return null;
    }
}
