package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.NOW;
import static dev.paved.observability.health.domain.Fixtures.cronJob;
import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.objects;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static dev.paved.observability.health.domain.Fixtures.statefulSet;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static dev.paved.observability.health.domain.RuleRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.common.problem.ProblemException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** The W rows of the table, and how workloads roll up into an environment's health. */
class HealthAssessmentTest {

    private final HealthAssessment assessment = new HealthAssessment(HealthPolicy.DEFAULT);

    static Stream<RuleRow> missing() {
        return Stream.of(
                row("W1 an expected Deployment that is gone → Missing",
                        List.of(statefulSet("db", 1).build()), "web", Health.MISSING, "Missing Deployment/web")
                        .saying("Paved deployed Deployment/web but it is not in namespace shop-dev"),
                row("W1 an expected CronJob that is gone → Missing",
                        List.of(), "report", Health.MISSING, "Missing CronJob/report"),
                row("W1 an expected workload that is there is assessed, not Missing",
                        List.of(deployment("web", 2).build()), "web", Health.HEALTHY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missing")
    void aWorkloadPavedDeployedThatIsGoneIsMissing(RuleRow row) {
        row.check(List.of(WorkloadRef.deployment("web"), WorkloadRef.cronJob("report")));
    }

    @ParameterizedTest(name = "{0} and {1} → {2}")
    @CsvSource({
            "HEALTHY, SUSPENDED, SUSPENDED",
            "SUSPENDED, PROGRESSING, PROGRESSING",
            "PROGRESSING, UNKNOWN, UNKNOWN",
            "UNKNOWN, MISSING, MISSING",
            "MISSING, DEGRADED, DEGRADED",
            "DEGRADED, HEALTHY, DEGRADED",
            "HEALTHY, HEALTHY, HEALTHY"})
    void theWorseOfTwoHealthsFollowsTheSeverityOrder(Health one, Health other, Health worse) {
        assertEquals(worse, Health.worst(one, other));
        assertEquals(worse, Health.worst(other, one));
    }

    static Stream<Arguments> rollUps() {
        Deployment web = deployment("web", 2).build();
        ReplicaSet set = replicaSet(web, "7d9f8c6b5");
        return Stream.of(
                Arguments.of("no workload at all", List.of(), List.of(), Health.HEALTHY),
                Arguments.of("a healthy and a suspended one", List.of(web, cronJob("report").editSpec()
                        .withSuspend(true).endSpec().build()), List.of(), Health.SUSPENDED),
                Arguments.of("a rollout and a missing one", List.of(deployment("web", 2).editStatus()
                        .withUpdatedReplicas(1).endStatus().build()), List.of(WorkloadRef.cronJob("report")),
                        Health.MISSING),
                Arguments.of("a missing and a crashing one", List.of(web, set, withContainers(pod(
                        "web-7d9f8c6b5-x2k9p", set), waiting("app", "CrashLoopBackOff", null, 3))),
                        List.of(WorkloadRef.cronJob("report")), Health.DEGRADED));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("rollUps")
    void anEnvironmentIsAsHealthyAsItsWorstWorkload(String name, List<HasMetadata> objects,
            List<WorkloadRef> expected, Health health) {
        assertEquals(health, assessment.environment(objects(objects), expected, NOW).health());
    }

    @Test
    void everyWorkloadOfTheNamespaceCountsWhoeverMadeItAndTheMissingOnesComeLast() {
        EnvironmentHealth environment = assessment.environment(objects(deployment("web", 1).build(),
                statefulSet("db", 1).build(), cronJob("cleanup").build(), cronJob("web").build()),
                List.of(WorkloadRef.deployment("web"), WorkloadRef.deployment("api"), WorkloadRef.deployment("web")),
                NOW);

        assertEquals(List.of("CronJob/cleanup", "StatefulSet/db", "Deployment/web", "CronJob/web", "Deployment/api"),
                environment.workloads().stream().map(workload -> workload.workload().object()).toList());
        assertEquals(Health.MISSING, environment.health());
    }

    @Test
    void aNamespaceNotObservedLeavesEveryExpectedWorkloadAndTheEnvironmentUnknown() {
        EnvironmentHealth environment = assessment.unobserved(List.of(WorkloadRef.deployment("web")),
                "the cluster cache has not listed namespace shop-dev yet");

        assertEquals(Health.UNKNOWN, environment.health());
        assertEquals(List.of(new WorkloadHealth(WorkloadRef.deployment("web"), Health.UNKNOWN, List.of(new Reason(
                "NotObserved", "the cluster cache has not listed namespace shop-dev yet", "Deployment/web")))),
                environment.workloads());
        assertEquals(Health.UNKNOWN, assessment.unobserved(List.of(), "unreachable").health());
    }

    @Test
    void aWorkloadByNameIsTheDeploymentBeforeTheCronJobOfThatName() {
        WorkloadHealth web = assessment.workload(objects(cronJob("web").editSpec().withSuspend(true).endSpec().build(),
                deployment("web", 1).build()), "web", List.of(), NOW);

        assertEquals(WorkloadRef.deployment("web"), web.workload());
        assertEquals(Health.HEALTHY, web.health());
    }

    @Test
    void aWorkloadThatIsNeitherThereNorExpectedIsNotFound() {
        ProblemException notFound = assertThrows(ProblemException.class, () -> assessment.workload(
                objects(deployment("web", 1).build()), "api", List.of(WorkloadRef.cronJob("report")), NOW));

        assertEquals(404, notFound.status());
        assertEquals("WORKLOAD_NOT_FOUND", notFound.code());
        assertEquals("No workload 'api' in namespace shop-dev.", notFound.getMessage());
    }

    @Test
    void aPolicyWithANegativeGraceIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new HealthPolicy(
                Duration.ofMinutes(-1), Duration.ZERO, Duration.ZERO));

        assertEquals("unschedulableGrace must not be negative, was PT-1M", refused.getMessage());
    }
}
