package dev.paved.provisioning.deployments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeploymentRecord;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Problems;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A team's deployment history: revisions with their rollout ends, commit times and rollbacks, filtered and paged. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class DeploymentHistoryTest {

    private static final String TEAM = "search";
    private static final Instant COMMITTED = Instant.parse("2026-12-01T09:30:00Z");

    KubernetesClient cluster;

    @Test
    void eachRevisionHasItsRolloutEndItsCommitTimeAndWhatRolledItBack() {
        String application = Provisioning.freshApplication();
        String environment = Deploying.readyEnvironment(TEAM, application, "dev");
        String token = Provisioning.member(TEAM);
        Instant since = Instant.now();

        deployRolledOut(token, environment, "api", "1.0.0", 1);
        deployRolledOut(token, environment, "api", "1.1.0", 2);
        Provisioning.awaitFinal(GrpcClients.deployments(token).rollback(RollbackRequest.newBuilder()
                .setEnvironment(environment).setWorkload("api").setRevision(1).build()).getOperation().getId());
        Deploying.rollOut(cluster, environment, "api", 2);
        Deploying.awaitRollout(environment, "api", 3, RolloutState.ROLLOUT_STATE_ROLLED_OUT);

        List<DeploymentRecord> history = history(token, query(since).setApplication(application));

        assertEquals(List.of(1L, 2L, 3L), history.stream().map(DeploymentRecord::getRevision).toList());
        DeploymentRecord first = history.get(0);
        assertEquals(environment, first.getEnvironment());
        assertEquals("dev", first.getStage());
        assertEquals(application, first.getApplication());
        assertEquals("api", first.getWorkload());
        assertEquals(RolloutState.ROLLOUT_STATE_ROLLED_OUT, first.getRolloutState());
        assertEquals(COMMITTED.getEpochSecond(), first.getCommitTime().getSeconds());
        assertTrue(first.hasRolloutEndedAt());
        assertFalse(instant(first.getRolloutEndedAt()).isBefore(instant(first.getCreatedAt())));
        assertEquals(0, first.getRolledBackBy(), "revision 2 rolled out after it, so the rollback undid 2");
        assertEquals(3, history.get(1).getRolledBackBy());
        assertEquals(0, history.get(1).getRolledBackTo());
        DeploymentRecord rollback = history.get(2);
        assertEquals(1, rollback.getRolledBackTo());
        assertEquals(RolloutState.ROLLOUT_STATE_ROLLED_OUT, rollback.getRolloutState());
        assertEquals(COMMITTED.getEpochSecond(), rollback.getCommitTime().getSeconds(), "a rollback keeps the commit");
    }

    @Test
    void aFailedRolloutEndsAndTheNextRevisionRollsOutAfterIt() {
        String application = Provisioning.freshApplication();
        String environment = Deploying.readyEnvironment(TEAM, application, "dev");
        String token = Provisioning.member(TEAM);
        Instant since = Instant.now();
        Provisioning.awaitFinal(deploy(token, environment, "worker", "2.0.0").getOperation().getId());
        Deploying.exceedProgressDeadline(cluster, environment, "worker");
        Deploying.awaitRollout(environment, "worker", 1, RolloutState.ROLLOUT_STATE_FAILED);
        deployRolledOut(token, environment, "worker", "2.0.1", 2);

        List<DeploymentRecord> history = history(token, query(since).setApplication(application));

        assertEquals(RolloutState.ROLLOUT_STATE_FAILED, history.get(0).getRolloutState());
        assertTrue(history.get(0).hasRolloutEndedAt());
        assertEquals(RolloutState.ROLLOUT_STATE_ROLLED_OUT, history.get(1).getRolloutState());
        assertTrue(instant(history.get(1).getRolloutEndedAt()).isAfter(instant(history.get(0).getRolloutEndedAt())));
        assertEquals(0, history.get(0).getRolledBackBy(), "it was fixed forward, not rolled back");
    }

    @Test
    void filtersByApplicationAndStageAndPagesInOrder() {
        String application = Provisioning.freshApplication();
        String dev = Deploying.readyEnvironment(TEAM, application, "dev");
        String staging = Deploying.readyEnvironment(TEAM, application, "staging");
        String token = Provisioning.member(TEAM);
        Instant since = Instant.now();
        for (String version : List.of("1.0.0", "1.0.1", "1.0.2")) {
            Provisioning.awaitFinal(deploy(token, dev, "web", version).getOperation().getId());
        }
        Provisioning.awaitFinal(deploy(token, staging, "web", "1.0.2").getOperation().getId());

        List<DeploymentRecord> all = history(token, query(since).setApplication(application));
        assertEquals(List.of(dev, dev, dev, staging), all.stream().map(DeploymentRecord::getEnvironment).toList());
        assertEquals(List.of(staging), history(token, query(since).setApplication(application).addStages("staging"))
                .stream().map(DeploymentRecord::getEnvironment).toList());
        assertEquals(4, history(token, query(since).setApplication(application).addStages("dev")
                .addStages("staging")).size());
        assertTrue(history(token, query(since).setApplication("no-such-application")).isEmpty());
        assertTrue(history(token, query(since)).containsAll(all), "the team's whole history holds the application's");
        assertTrue(history(token, query(Instant.now()).setApplication(application)).isEmpty());

        List<DeploymentRecord> paged = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            ListDeploymentHistoryResponse page = GrpcClients.deployments(token).listDeploymentHistory(query(since)
                    .setApplication(application).setPage(PageRequest.newBuilder().setLimit(3).setCursor(cursor))
                    .build());
            paged.addAll(page.getDeploymentsList());
            cursor = page.getPage().getNextCursor();
            pages++;
        } while (!cursor.isEmpty());
        assertEquals(2, pages);
        assertEquals(all, paged);
    }

    @Test
    void onlyTheTeamAndPlatformAdminsReadItsHistory() {
        ListDeploymentHistoryRequest request = query(Instant.now().minusSeconds(3600)).build();
        Problems.assertProblem(403, "TEAM_FORBIDDEN", () -> GrpcClients.deployments(Provisioning.member("payments"))
                .listDeploymentHistory(request));
        GrpcClients.deployments(Provisioning.ADMIN).listDeploymentHistory(request);
        GrpcClients.deployments(Provisioning.member(TEAM)).listDeploymentHistory(request);
    }

    @Test
    void badInputNamesEachParameter() {
        Problem problem = Problems.assertProblem(400, "INVALID_HISTORY_QUERY", () -> GrpcClients.deployments(
                Provisioning.ADMIN).listDeploymentHistory(ListDeploymentHistoryRequest.newBuilder().setTeam("Search!")
                        .setApplication("Not_A_Label").addStages("").build()));
        assertEquals(List.of("team", "application", "stages", "since"),
                problem.errors().stream().map(Violation::parameter).toList());
        Problems.assertProblem(400, "INVALID_HISTORY_QUERY", () -> GrpcClients.deployments(Provisioning.ADMIN)
                .listDeploymentHistory(query(Instant.now().plusSeconds(60)).setUntil(timestamp(Instant.now()))
                        .build()));
        Problem until = Problems.assertProblem(400, "INVALID_HISTORY_QUERY", () -> GrpcClients.deployments(
                Provisioning.ADMIN).listDeploymentHistory(query(Instant.now()).setUntil(Timestamp.newBuilder()
                        .setSeconds(Long.MAX_VALUE)).build()));
        assertEquals(List.of("until"), until.errors().stream().map(Violation::parameter).toList());
        Problems.assertProblem(400, "INVALID_CURSOR", () -> GrpcClients.deployments(Provisioning.ADMIN)
                .listDeploymentHistory(query(Instant.now()).setPage(PageRequest.newBuilder().setCursor("nonsense"))
                        .build()));
    }

    private void deployRolledOut(String token, String environment, String workload, String version, long number) {
        Provisioning.awaitFinal(deploy(token, environment, workload, version).getOperation().getId());
        Deploying.rollOut(cluster, environment, workload, 2);
        Deploying.awaitRollout(environment, workload, number, RolloutState.ROLLOUT_STATE_ROLLED_OUT);
    }

    private static dev.paved.api.provisioning.v1.DeployResponse deploy(String token, String environment,
            String workload, String version) {
        return GrpcClients.deployments(token).deploy(DeployRequest.newBuilder().setEnvironment(environment)
                .setSpecJson(Deploying.webService(workload, "registry.example.com/search/" + workload + ":" + version))
                .setVersion(version).setCommitSha("c0ffee" + version.replace(".", ""))
                .setCommitTime(timestamp(COMMITTED)).build());
    }

    private static ListDeploymentHistoryRequest.Builder query(Instant since) {
        return ListDeploymentHistoryRequest.newBuilder().setTeam(TEAM).setSince(timestamp(since));
    }

    private static List<DeploymentRecord> history(String token, ListDeploymentHistoryRequest.Builder request) {
        return GrpcClients.deployments(token).listDeploymentHistory(request.setPage(PageRequest.newBuilder()
                .setLimit(500)).build()).getDeploymentsList();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
