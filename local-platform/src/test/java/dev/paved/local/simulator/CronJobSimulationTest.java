package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

class CronJobSimulationTest {

    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static final SimulatedCluster cluster = SimulatedCluster.start(SimulatedCluster.FAST.withClock(CLOCK));

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aCronJobRunsAJobAtEachScheduledTimeAndKeepsItsHistoryLimit() {
        String namespace = cluster.namespace("cron");
        cluster.client.resource(pavedCronJob(namespace, "nightly").editSpec().withSuccessfulJobsHistoryLimit(2)
                .endSpec().build()).create();

        for (int run = 1; run <= 3; run++) {
            Instant scheduled = nextMinute();
            int expectedSucceeded = Math.min(run, 2);
            poke(namespace, "nightly");
            List<Job> jobs = await("run " + run + " of nightly", () -> jobs(namespace), found -> found.stream().anyMatch(job -> job.getMetadata().getName()
                    .equals("nightly-" + scheduled.getEpochSecond() / 60) && JobController.succeeded(job))
                    && found.size() == expectedSucceeded);
            Job job = jobs.stream().filter(found -> found.getMetadata().getName()
                    .equals("nightly-" + scheduled.getEpochSecond() / 60)).findFirst().orElseThrow();
            assertEquals(1, job.getStatus().getSucceeded());
            assertEquals("Complete", job.getStatus().getConditions().get(0).getType());
            assertEquals(scheduled.toString(), job.getMetadata().getAnnotations()
                    .get("batch.kubernetes.io/cronjob-scheduled-timestamp"));
            CronJob cronJob = await("nightly's status after run " + run, () -> cronJob(namespace, "nightly"),
                    found -> found.getStatus() != null && found.getStatus().getActive().isEmpty()
                            && found.getStatus().getLastSuccessfulTime() != null
                            && scheduled.toString().equals(found.getStatus().getLastScheduleTime()));
            assertTrue(!Instant.parse(cronJob.getStatus().getLastSuccessfulTime()).isBefore(scheduled));
        }
        assertEquals(2, jobs(namespace).size(), "the oldest run was deleted beyond the history limit of 2");
        assertTrue(cluster.events(namespace, "SuccessfulDelete").stream()
                .anyMatch(event -> event.getMessage().startsWith("Deleted job nightly-")));
        assertTrue(cluster.events(namespace, "SawCompletedJob").stream()
                .anyMatch(event -> event.getMessage().endsWith("status: Complete")));
        List<Pod> pods = await("the deleted run's pod collected", () -> cluster.pods(namespace),
                found -> found.size() == 2);
        assertTrue(pods.stream().allMatch(pod -> "Succeeded".equals(pod.getStatus().getPhase())));
        assertTrue(pods.stream().allMatch(pod -> pod.getMetadata().getLabels()
                .containsKey("batch.kubernetes.io/job-name")));
    }

    @Test
    void aCronJobActingOutACrashLoopHasItsJobFailAfterItsBackoffLimit() {
        String namespace = cluster.namespace("cron-fail");
        cluster.client.resource(pavedCronJob(namespace, "sync").editMetadata()
                .addToAnnotations("paved.dev/simulate", "crash-loop").endMetadata().editSpec().editJobTemplate()
                .editSpec().withBackoffLimit(1).endSpec().endJobTemplate().endSpec().build()).create();

        nextMinute();
        poke(namespace, "sync");
        Job failed = await("sync's job failing", () -> jobs(namespace), found -> found.size() == 1 && JobController.finished(found.get(0))).get(0);

        assertEquals("Failed", failed.getStatus().getConditions().get(0).getType());
        assertEquals("BackoffLimitExceeded", failed.getStatus().getConditions().get(0).getReason());
        assertEquals(2, failed.getStatus().getFailed());
        List<Pod> pods = cluster.pods(namespace);
        assertEquals(2, pods.size(), "a new pod for the first failure, none after the second");
        assertTrue(pods.stream().allMatch(pod -> "Failed".equals(pod.getStatus().getPhase())));
        assertTrue(pods.stream().allMatch(pod -> "Error".equals(pod.getStatus().getContainerStatuses().get(0)
                .getState().getTerminated().getReason())));
        CronJob cronJob = await("sync's status", () -> cronJob(namespace, "sync"),
                found -> found.getStatus() != null && found.getStatus().getActive().isEmpty());
        assertNull(cronJob.getStatus().getLastSuccessfulTime());
        assertTrue(cluster.events(namespace, "BackoffLimitExceeded").get(0).getType().equals("Warning"));
    }

    @Test
    void aSuspendedCronJobStartsNothing() {
        String namespace = cluster.namespace("cron-suspended");
        cluster.client.resource(pavedCronJob(namespace, "paused").editSpec().withSuspend(true).endSpec().build())
                .create();
        cluster.client.resource(pavedCronJob(namespace, "running").build()).create();

        nextMinute();
        poke(namespace, "paused");
        poke(namespace, "running");
        await("the running CronJob's job", () -> jobs(namespace), found -> !found.isEmpty());

        assertTrue(jobs(namespace).stream().allMatch(job -> job.getMetadata().getName().startsWith("running-")));
    }

    @Test
    void anUnreadableScheduleIsReportedAsAWarning() {
        String namespace = cluster.namespace("cron-invalid");
        cluster.client.resource(pavedCronJob(namespace, "broken").editSpec().withSchedule("61 * * * *").endSpec()
                .build()).create();

        assertTrue(await("the warning", () -> cluster.events(namespace, "UnparseableSchedule"), found -> !found.isEmpty())
                .get(0).getMessage().contains("minute out of range"));
    }

    @Test
    void finishedJobsBeyondTheFailedHistoryLimitAreDeletedOldestFirst() {
        String namespace = cluster.namespace("cron-history");
        CronJob cronJob = cluster.client.resource(pavedCronJob(namespace, "cleanup").editSpec().withSuspend(true)
                .endSpec().build()).create();
        for (int i = 1; i <= 3; i++) {
            // Finished as they are created, as the in-process API stores a status given on creation.
            cluster.client.resource(new JobBuilder().withNewMetadata().withName("cleanup-" + i)
                    .withNamespace(namespace).addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob")
                    .withName("cleanup").withUid(cronJob.getMetadata().getUid()).withController(true)
                    .endOwnerReference().endMetadata().withSpec(cronJob.getSpec().getJobTemplate().getSpec())
                    .withNewStatus().withStartTime("2026-01-0" + i + "T00:00:00Z").withFailed(1).addNewCondition()
                    .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").endCondition()
                    .endStatus().build()).create();
        }

        poke(namespace, "cleanup");
        await("the two oldest failed jobs deleted", () -> jobs(namespace), found -> found.size() == 1 && found.get(0).getMetadata().getName().equals("cleanup-3"));
    }

    private static CronJobBuilder pavedCronJob(String namespace, String name) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata()
                .withNewSpec().withSchedule("* * * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addToContainers(new ContainerBuilder().withName("job")
                        .withImage("registry.example.com/jobs/" + name + ":1.0.0").build())
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec();
    }

    /** Moves the simulator's time to the next minute and returns it. */
    private static Instant nextMinute() {
        Instant now = CLOCK.instant();
        Instant next = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        CLOCK.advance(Duration.between(now, next).plusMillis(100));
        return next;
    }

    /** A change to the CronJob, which makes its controller look at the (shifted) time now rather than at its next wake-up. */
    private static void poke(String namespace, String name) {
        cluster.client.batch().v1().cronjobs().inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"test/poked\":\""
                        + System.nanoTime() + "\"}}}");
    }

    private static List<Job> jobs(String namespace) {
        return cluster.client.batch().v1().jobs().inNamespace(namespace).list().getItems();
    }

    private static CronJob cronJob(String namespace, String name) {
        return cluster.client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get();
    }
}
