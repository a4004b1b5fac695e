package dev.paved.observability.api;

import static dev.paved.observability.api.ObservabilityClients.SEARCH;
import static dev.paved.observability.api.ObservabilityClients.SHOP;
import static dev.paved.observability.api.ObservabilityClients.assertProblem;
import static dev.paved.observability.api.ObservabilityClients.blocking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.paved.api.observability.v1.DoraMetrics;
import dev.paved.api.observability.v1.GetDoraMetricsRequest;
import dev.paved.api.observability.v1.PerformanceLevel;
import dev.paved.api.provisioning.v1.DeploymentRecord;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.common.problem.Problem;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** DORA metrics over gRPC, from the deployment history the fake provisioning answers for the caller. */
@QuarkusTest
@QuarkusTestResource(value = SimulatedClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class DoraGrpcTest {

    private static final String ADMIN = TestTokens.user("root").role("platform-admin").sign();
    private static final Instant NOW = Instant.now();

    /**
     * Team shop, in the last ten days: checkout in prod rolled out twice (lead times 1 h and 3 h),
     * then failed and was rolled back 30 minutes later; checkout in dev rolled out once; cart in prod
     * rolled out once without a commit time. Forty days ago, outside the default window, one more.
     */
    @BeforeAll
    static void shopsHistory() {
        FakeProvisioning.HISTORIES.put("shop", List.of(
                record("checkout", "prod", 1, 40, 0).setRolloutState(RolloutState.ROLLOUT_STATE_ROLLED_OUT)
                        .setRolloutEndedAt(at(40, -1)).build(),
                rolledOut("checkout", "prod", 2, 10, Duration.ofHours(1)),
                rolledOut("checkout", "prod", 3, 9, Duration.ofHours(3)),
                record("checkout", "prod", 4, 8, 0).setRolloutState(RolloutState.ROLLOUT_STATE_FAILED)
                        .setRolloutEndedAt(at(8, -10)).setRolledBackBy(5).build(),
                record("checkout", "prod", 5, 8, -20).setRolloutState(RolloutState.ROLLOUT_STATE_ROLLED_OUT)
                        .setRolloutEndedAt(at(8, -30)).setRolledBackTo(3).setCommitTime(at(9, 0)).build(),
                rolledOut("checkout", "dev", 1, 7, Duration.ofMinutes(20)),
                record("cart", "prod", 1, 2, 0).setRolloutState(RolloutState.ROLLOUT_STATE_ROLLED_OUT)
                        .setRolloutEndedAt(at(2, -5)).build()));
    }

    /** {@code days} days ago, {@code -minutes} minutes later. */
    private static Timestamp at(int days, int minutes) {
        Instant instant = NOW.minus(Duration.ofDays(days)).minus(Duration.ofMinutes(minutes));
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }

    private static DeploymentRecord.Builder record(String application, String stage, long revision, int days,
            int minutes) {
        return DeploymentRecord.newBuilder().setEnvironment(application + "-" + stage).setStage(stage)
                .setApplication(application).setWorkload("web").setRevision(revision)
                .setCreatedAt(at(days, minutes));
    }

    private static DeploymentRecord rolledOut(String application, String stage, long revision, int days,
            Duration leadTime) {
        Timestamp ended = at(days, -10);
        return record(application, stage, revision, days, 0).setRolloutState(RolloutState.ROLLOUT_STATE_ROLLED_OUT)
                .setRolloutEndedAt(ended)
                .setCommitTime(Timestamp.newBuilder().setSeconds(ended.getSeconds() - leadTime.toSeconds())).build();
    }

    private static DoraMetrics dora(String token, String team, String window, String application, String stage) {
        return blocking(token).getDoraMetrics(GetDoraMetricsRequest.newBuilder().setTeam(team).setWindow(window)
                .setApplication(application).setStage(stage).build());
    }

    @Test
    void aTeamMemberSeesTheProductionFiguresOfTheDefaultWindow() {
        DoraMetrics metrics = dora(SHOP, "shop", "", "", "");

        assertEquals("30d", metrics.getWindow());
        assertEquals(List.of("prod"), metrics.getStagesList());
        assertEquals(Duration.ofDays(30).toSeconds(),
                metrics.getWindowEnd().getSeconds() - metrics.getWindowStart().getSeconds());
        ListDeploymentHistoryRequest asked = FakeProvisioning.LAST_HISTORY_REQUEST.get();
        assertEquals(List.of("prod"), asked.getStagesList());
        assertEquals(metrics.getWindowStart(), asked.getSince());
        assertEquals(3, metrics.getDeploymentFrequency().getEvents(), "checkout 2 and 3, cart 1");
        assertEquals(3 / 30.0, metrics.getDeploymentFrequency().getValue(), 1e-9);
        assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_MEDIUM, metrics.getDeploymentFrequency().getLevel());
        assertEquals(2, metrics.getLeadTimeForChanges().getEvents(), "cart gave no commit time");
        assertEquals(2 * 3600.0, metrics.getLeadTimeForChanges().getValue(), 1e-9);
        assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_ELITE, metrics.getLeadTimeForChanges().getLevel());
        assertEquals(4, metrics.getChangeFailureRate().getEvents());
        assertEquals(0.25, metrics.getChangeFailureRate().getValue(), 1e-9);
        assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_LOW, metrics.getChangeFailureRate().getLevel());
        assertEquals(1, metrics.getFailedDeploymentRecoveryTime().getEvents());
        assertEquals(30 * 60.0, metrics.getFailedDeploymentRecoveryTime().getValue(), 1e-9);
        assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_ELITE, metrics.getFailedDeploymentRecoveryTime().getLevel());
    }

    @Test
    void aStageAnApplicationAndAWindowNarrowTheFigures() {
        DoraMetrics dev = dora(SHOP, "shop", "2w", "", "dev");
        assertEquals(List.of("dev"), dev.getStagesList());
        assertEquals(1, dev.getDeploymentFrequency().getEvents());
        assertEquals(20 * 60.0, dev.getLeadTimeForChanges().getValue(), 1e-9);

        DoraMetrics cart = dora(SHOP, "shop", "30d", "cart", "");
        assertEquals("cart", cart.getApplication());
        assertEquals(1, cart.getDeploymentFrequency().getEvents());
        assertFalse(cart.getLeadTimeForChanges().hasValue());

        assertEquals(1, dora(SHOP, "shop", "5d", "", "").getDeploymentFrequency().getEvents(), "only cart");
        assertEquals(3, dora(SHOP, "shop", "90d", "checkout", "").getDeploymentFrequency().getEvents());
    }

    @Test
    void anUnknownApplicationYieldsZeroEvents() {
        DoraMetrics none = dora(SHOP, "shop", "30d", "no-such-app", "");

        assertEquals(0, none.getDeploymentFrequency().getEvents());
        assertEquals(0.0, none.getDeploymentFrequency().getValue());
        assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_LOW, none.getDeploymentFrequency().getLevel());
        for (var metric : List.of(none.getLeadTimeForChanges(), none.getChangeFailureRate(),
                none.getFailedDeploymentRecoveryTime())) {
            assertEquals(0, metric.getEvents());
            assertFalse(metric.hasValue());
            assertEquals(PerformanceLevel.PERFORMANCE_LEVEL_UNSPECIFIED, metric.getLevel());
        }
    }

    @Test
    void anotherTeamsMemberIsRefusedAsProvisioningRefusesAndAPlatformAdminSeesAnyTeam() {
        assertProblem(403, "TEAM_FORBIDDEN", () -> dora(SEARCH, "shop", "", "", ""));
        assertEquals(3, dora(ADMIN, "shop", "", "", "").getDeploymentFrequency().getEvents());
    }

    @Test
    void aBadWindowApplicationOrStageIsABadRequestNamingTheParameter() {
        for (String window : List.of("30", "0d", "1y", "91d", "13w")) {
            Problem problem = assertProblem(400, "INVALID_WINDOW", () -> dora(SHOP, "shop", window, "", ""));
            assertEquals("window", problem.errors().get(0).parameter());
        }
        Problem problem = assertProblem(400, "INVALID_DORA_QUERY", () -> dora(SHOP, "Shop", "30d", "Not_An_App",
                "prod stage"));
        assertEquals(List.of("team", "application", "stage"),
                problem.errors().stream().map(error -> error.parameter()).toList());
        assertTrue(problem.errors().get(0).message().contains("DNS-1123"));
    }
}
