package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.cronJob;
import static dev.paved.observability.health.domain.Fixtures.job;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.terminated;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static dev.paved.observability.health.domain.RuleRow.row;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The C rows of {@link HealthAssessment}'s table. */
class CronJobRulesTest {

    private static final CronJob REPORT = cronJob("report").build();
    private static final Job FAILED = job(REPORT, "report-29012340", Duration.ofMinutes(30), "Failed",
            "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    private static final Job COMPLETE = job(REPORT, "report-29012355", Duration.ofMinutes(15), "Complete", null, null);
    private static final Job RUNNING = job(REPORT, "report-29012370", Duration.ofMinutes(1), null, null, null);

    static Stream<RuleRow> rows() {
        return Stream.of(
                row("never run → Healthy",
                        with(REPORT), "report", Health.HEALTHY),
                row("the last run completed → Healthy",
                        with(REPORT, FAILED, COMPLETE), "report", Health.HEALTHY),
                row("C1 suspended → Suspended, whatever its last run did",
                        with(cronJob("report").editSpec().withSuspend(true).endSpec().build(), COMPLETE, FAILED),
                        "report", Health.SUSPENDED, "Suspended CronJob/report"),
                row("C2 the last run failed → Degraded, about the Job",
                        with(REPORT, COMPLETE, job(REPORT, "report-29012370", Duration.ofMinutes(1), "Failed",
                                "DeadlineExceeded", "Job was active longer than specified deadline")),
                        "report", Health.DEGRADED, "JobFailed Job/report-29012370")
                        .saying("the last run failed (DeadlineExceeded): "
                                + "Job was active longer than specified deadline"),
                row("C2 the last run failed, its pod OOM-killed → Degraded, with the cause",
                        with(REPORT, FAILED, failedPod(FAILED, "report-29012340-x2k9p",
                                terminated("app", "OOMKilled", 137, Duration.ofMinutes(28)))),
                        "report", Health.DEGRADED, "JobFailed Job/report-29012340",
                        "OOMKilled Pod/report-29012340-x2k9p"),
                row("C2 the last run is failing (FailureTarget) → Degraded",
                        with(REPORT, job(REPORT, "report-29012370", Duration.ofMinutes(1), "FailureTarget",
                                "BackoffLimitExceeded", null)),
                        "report", Health.DEGRADED, "JobFailed Job/report-29012370"),
                row("C2 a run under way does not hide the failure of the last finished one",
                        with(REPORT, COMPLETE, FAILED, RUNNING, job(REPORT, "report-29012365", Duration.ofMinutes(6),
                                "Failed", "BackoffLimitExceeded", null)),
                        "report", Health.DEGRADED, "JobFailed Job/report-29012365"),
                row("C2 a run that completed after an OOM-killed attempt → Healthy",
                        with(REPORT, COMPLETE, failedPod(COMPLETE, "report-29012355-q7wzt",
                                terminated("app", "OOMKilled", 137, Duration.ofMinutes(14)))),
                        "report", Health.HEALTHY),
                row("C3 a run under way whose pod cannot pull its image → Degraded",
                        with(REPORT, COMPLETE, RUNNING, withContainers(pod("report-29012370-m4nbv", RUNNING)
                                .editSpec().withRestartPolicy("OnFailure").endSpec(),
                                waiting("app", "ImagePullBackOff", null, 0))),
                        "report", Health.DEGRADED, "ImagePullBackOff Pod/report-29012370-m4nbv"),
                row("C3 a run under way whose pod runs → Healthy",
                        with(REPORT, COMPLETE, RUNNING, pod("report-29012370-m4nbv", RUNNING).build()),
                        "report", Health.HEALTHY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aCronJobIsAsHealthyAsItsLastFinishedRun(RuleRow row) {
        row.check();
    }

    private static Pod failedPod(Job job, String name, ContainerStatus container) {
        return new PodBuilder(withContainers(pod(name, job).editSpec().withRestartPolicy("Never").endSpec(), container))
                .editStatus().withPhase("Failed").endStatus().build();
    }

    private static List<HasMetadata> with(HasMetadata... objects) {
        return List.of(objects);
    }
}
