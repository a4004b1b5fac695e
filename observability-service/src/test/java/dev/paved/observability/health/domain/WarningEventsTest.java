package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.NOW;
import static dev.paved.observability.health.domain.Fixtures.cronJob;
import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.job;
import static dev.paved.observability.health.domain.Fixtures.normal;
import static dev.paved.observability.health.domain.Fixtures.objects;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static dev.paved.observability.health.domain.Fixtures.statefulSet;
import static dev.paved.observability.health.domain.Fixtures.warning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paved.common.problem.ProblemException;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

class WarningEventsTest {

    private static final Deployment WEB = deployment("web", 2).build();
    private static final ReplicaSet CURRENT = replicaSet(WEB, "7d9f8c6b5");
    private static final Deployment WEB_API = deployment("web-api", 1).build();

    private final NamespaceObjects objects = objects(WEB, CURRENT, WEB_API, pod("web-7d9f8c6b5-x2k9p", CURRENT).build(),
            warning("Deployment", "web", "FailedRollback", "rollback to revision 3 failed", 1, Duration.ofMinutes(40)),
            warning("ReplicaSet", "web-7d9f8c6b5", "FailedCreate", "exceeded quota: compute", 12,
                    Duration.ofMinutes(2)),
            warning("Pod", "web-7d9f8c6b5-x2k9p", "BackOff", "Back-off restarting failed container app", 30,
                    Duration.ofSeconds(20)),
            warning("Pod", "web-5c8d7f4b9-q7wzt", "Unhealthy", "Readiness probe failed: connection refused", 4,
                    Duration.ofMinutes(9)),
            normal("Pod", "web-7d9f8c6b5-x2k9p", "Pulled", "Successfully pulled image", Duration.ofMinutes(1)),
            warning("Pod", "web-api-6b7c8d9f5-m4nbv", "BackOff", "Back-off restarting failed container app", 3,
                    Duration.ofSeconds(10)),
            warning("Deployment", "web-api", "FailedRollback", "nope", 1, Duration.ofSeconds(5)));

    @Test
    void aDeploymentsWarningsAreAboutItItsReplicaSetsAndItsPodsEvenGoneOnesNewestFirst() {
        List<WarningEvent> events = WarningEvents.of(objects, WorkloadRef.deployment("web"), null, null);

        assertEquals(List.of("BackOff Pod/web-7d9f8c6b5-x2k9p", "FailedCreate ReplicaSet/web-7d9f8c6b5",
                "Unhealthy Pod/web-5c8d7f4b9-q7wzt", "FailedRollback Deployment/web"),
                events.stream().map(event -> event.reason() + " " + event.object()).toList());
        assertEquals(new WarningEvent("FailedCreate", "exceeded quota: compute", "ReplicaSet/web-7d9f8c6b5", 12,
                NOW.minus(Duration.ofMinutes(14)), NOW.minus(Duration.ofMinutes(2))), events.get(1));
    }

    @Test
    void sinceKeepsTheWarningsLastSeenSinceThenAndLimitTheNewest() {
        List<WarningEvent> events = WarningEvents.of(objects, WorkloadRef.deployment("web"),
                NOW.minus(Duration.ofMinutes(10)), 2);

        assertEquals(List.of("Pod/web-7d9f8c6b5-x2k9p", "ReplicaSet/web-7d9f8c6b5"),
                events.stream().map(WarningEvent::object).toList());
        assertEquals(List.of(), WarningEvents.of(objects, WorkloadRef.deployment("web"), NOW.plusSeconds(1), 10));
    }

    @Test
    void aStatefulSetsPodsAreItsOrdinals() {
        NamespaceObjects withDb = objects(statefulSet("db", 2).build(),
                warning("Pod", "db-1", "FailedMount", "volume data-db-1 not attached", 2, Duration.ofMinutes(1)),
                warning("Pod", "db-backup-x2k9p", "BackOff", "not the StatefulSet's", 1, Duration.ofMinutes(1)));

        assertEquals(List.of("Pod/db-1"), WarningEvents.of(withDb, WorkloadRef.statefulSet("db"), null, null).stream()
                .map(WarningEvent::object).toList());
    }

    @Test
    void aCronJobsWarningsAreAboutItsRunsAndTheirPodsEvenCleanedUpOnes() {
        CronJob report = cronJob("report").build();
        NamespaceObjects withReport = objects(report, job(report, "report-29012370", Duration.ofMinutes(1), null, null,
                null),
                warning("Job", "report-29012370", "FailedCreate", "quota", 1, Duration.ofSeconds(30)),
                warning("Job", "report-29012340", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                        1, Duration.ofMinutes(29)),
                warning("Pod", "report-29012340-x2k9p", "OOMKilling", "Memory cgroup out of memory", 1,
                        Duration.ofMinutes(29)),
                warning("CronJob", "report", "UnexpectedJob", "Saw a job that the controller did not create", 1,
                        Duration.ofMinutes(50)));

        assertEquals(List.of("Job/report-29012370", "Job/report-29012340", "Pod/report-29012340-x2k9p",
                "CronJob/report"), WarningEvents.of(withReport, WorkloadRef.cronJob("report"), null, null).stream()
                        .map(WarningEvent::object).toList());
    }

    @Test
    void anEventRecordedAsASeriesCountsAndDatesByItsSeries() {
        NamespaceObjects withSeries = objects(WEB, new EventBuilder(warning("Deployment", "web", "ScalingFailed",
                "quota", 1, Duration.ofHours(1))).withFirstTimestamp(null).withLastTimestamp(null)
                .withEventTime(new MicroTime("2026-12-06T10:00:00.000000Z"))
                .withNewSeries().withCount(17).withLastObservedTime(new MicroTime("2026-12-06T11:59:00.000000Z"))
                .endSeries().build());

        assertEquals(List.of(new WarningEvent("ScalingFailed", "quota", "Deployment/web", 17,
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T11:59:00Z"))),
                WarningEvents.of(withSeries, WorkloadRef.deployment("web"), null, null));
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {-1, 1001})
    void aLimitOutsideOneTo1000IsABadRequest(int limit) {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> WarningEvents.of(objects, WorkloadRef.deployment("web"), null, limit));

        assertEquals(400, refused.status());
        assertEquals("INVALID_LIMIT", refused.code());
        assertEquals("limit", refused.errors().get(0).parameter());
    }
}
