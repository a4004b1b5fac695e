package dev.paved.e2e.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.e2e.EndToEndTest;
import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiException;
import dev.paved.sdk.api.DeploymentsApi;
import dev.paved.sdk.api.ObservabilityApi;
import dev.paved.sdk.api.OperationsApi;
import dev.paved.sdk.model.ComponentDeployments;
import dev.paved.sdk.model.Deployment;
import dev.paved.sdk.model.DoraMetrics;
import dev.paved.sdk.model.HttpGetProbe;
import dev.paved.sdk.model.Operation;
import dev.paved.sdk.model.PromoteRequest;
import dev.paved.sdk.model.ResourceQuantities;
import dev.paved.sdk.model.Revision;
import dev.paved.sdk.model.RollbackRequest;
import dev.paved.sdk.model.Rollout;
import dev.paved.sdk.model.Workload;
import dev.paved.sdk.model.WorkloadPort;
import dev.paved.sdk.model.WorkloadProbe;
import dev.paved.sdk.model.WorkloadResources;
import dev.paved.sdk.model.WorkloadSpec;

/**
 * A workload's life through the gateway, against the packaged services and the cluster simulator:
 * a Score file deployed into dev over gRPC, its rollout seen to RolledOut, promoted to staging with
 * its image pinned by digest, a crash-looping revision whose rollout fails the operation that waits
 * for it, and a rollback that rolls out again, read back through the generated SDK, and the team's
 * DORA metrics counting them.
 */
@EndToEndTest
class DeploymentFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deploysPromotesFailsAndRollsBackAWorkload(PlatformUnderTest platform) throws Exception {
        String image = platform.registry().host() + "/shop/web:1.0.0";
        String digest = platform.registry().push("shop/web", "1.0.0");
        String team = "e2e-deploy-" + UUID.randomUUID().toString().substring(0, 8);
        createTeam(platform, team);
        String member = platform.token(TokenSpec.user("dana").team(team));
        String dev = createEnvironment(platform, member, team, "dev");
        String staging = createEnvironment(platform, member, team, "staging");
        DeploymentsApi deployments = new DeploymentsApi(platform.sdk(member));

        DeploymentServiceGrpc.DeploymentServiceBlockingStub grpc = DeploymentServiceGrpc.newBlockingStub(platform.grpc())
                .withCallCredentials(PlatformUnderTest.bearer(member));
        Instant committed = Instant.now().minus(Duration.ofHours(1));
        DeployResponse first = grpc.deploy(DeployRequest.newBuilder().setEnvironment(dev).setWaitForRollout(true)
                .setCommitSha("4b825dc6").setCommitTime(Timestamp.newBuilder().setSeconds(committed.getEpochSecond()))
                .setScoreYaml("""
                        apiVersion: score.dev/v1b1
                        metadata:
                          name: web
                        containers:
                          main:
                            image: %s
                            variables:
                              GREETING: hello from ${metadata.name}
                            resources:
                              requests: {cpu: 50m, memory: 64Mi}
                              limits: {cpu: 100m, memory: 128Mi}
                            livenessProbe:
                              httpGet: {path: /healthz, port: 8080}
                            readinessProbe:
                              httpGet: {path: /ready, port: 8080}
                        service:
                          ports:
                            http: {port: 8080}
                        """.formatted(image)).build());
        assertEquals(1, first.getRevision().getNumber());
        assertEquals(digest, first.getRevision().getImages(0).getDigest());
        Operation firstDone = awaitFinal(platform, member, first.getOperation().getId());
        assertEquals(Operation.StateEnum.SUCCEEDED, firstDone.getState(), firstDone.toString());
        assertEquals(RolloutState.ROLLOUT_STATE_ROLLED_OUT, grpc.getRevision(GetRevisionRequest.newBuilder()
                .setEnvironment(dev).setWorkload("web").setRevision(1).build()).getRollout().getState());
        Workload web = deployments.getWorkload(dev, "web");
        assertEquals(1L, web.getCurrentRevision());
        assertEquals(Rollout.StateEnum.ROLLED_OUT, web.getRollout().getState());
        assertEquals(web.getRollout().getDesiredReplicas(), web.getRollout().getAvailableReplicas());
        assertTrue(web.getRollout().getAvailableReplicas() >= 1, web.getRollout().toString());

        Deployment promoted = deployments.promoteWorkload(dev, "web", new PromoteRequest(), false, null, null);
        Revision inStaging = promoted.getRevision();
        assertEquals(staging, inStaging.getEnvironment());
        assertEquals(dev + "/web#1", inStaging.getPromotedFrom());
        assertEquals(platform.registry().host() + "/shop/web@" + digest, inStaging.getImages().get(0).getReference());
        assertEquals(Operation.StateEnum.SUCCEEDED, awaitFinal(platform, member, promoted.getOperation().getId())
                .getState());
        awaitValue(() -> deployments.getRevision(staging, 1L, "web").getRollout().getState(),
                Rollout.StateEnum.ROLLED_OUT::equals);

        Deployment crashing = deployments.deployWorkload(dev, spec("web", image, Map.of("paved.dev/simulate",
                "crash-loop")), null, null, false, null, null, null, "1.0.1", "rollout", null);
        assertEquals(2L, crashing.getRevision().getNumber());
        Operation crashed = awaitFinal(platform, member, crashing.getOperation().getId());
        assertEquals(Operation.StateEnum.FAILED, crashed.getState(), crashed.toString());
        assertEquals("ROLLOUT_FAILED", crashed.getError().getCode());
        Revision failed = deployments.getRevision(dev, 2L, "web");
        assertEquals(Rollout.StateEnum.FAILED, failed.getRollout().getState());
        assertTrue(failed.getRollout().getMessage().contains("CrashLoopBackOff"), failed.getRollout().getMessage());

        Deployment rolledBack = deployments.rollbackWorkload(dev, "web", new RollbackRequest().revision(1L), false,
                "rollout", null);
        assertEquals(3L, rolledBack.getRevision().getNumber());
        assertEquals(1L, rolledBack.getRevision().getRolledBackTo());
        Operation recovered = awaitFinal(platform, member, rolledBack.getOperation().getId());
        assertEquals(Operation.StateEnum.SUCCEEDED, recovered.getState(), recovered.toString());
        assertEquals(Rollout.StateEnum.ROLLED_OUT, deployments.getRevision(dev, 3L, "web").getRollout().getState());
        assertEquals(List.of(3L, 2L, 1L), deployments.listRevisions(dev, "web", null, null).getItems().stream()
                .map(Revision::getNumber).toList());

        ObservabilityApi observability = new ObservabilityApi(platform.sdk(member));
        DoraMetrics inDev = observability.getTeamDoraMetrics(team, null, "dev", "1d");
        assertEquals(1L, inDev.getDeploymentFrequency().getEvents(), "revision 1; 2 failed and 3 is a rollback");
        assertEquals(1L, inDev.getLeadTimeForChanges().getEvents());
        assertTrue(inDev.getLeadTimeForChanges().getValue() >= 3600, inDev.toString());
        assertEquals(2L, inDev.getChangeFailureRate().getEvents());
        assertEquals(0.5, inDev.getChangeFailureRate().getValue());
        assertEquals(1L, inDev.getFailedDeploymentRecoveryTime().getEvents(), "revision 3 recovered from 2");
        assertEquals(1L, observability.getTeamDoraMetrics(team, null, "staging", "1d").getDeploymentFrequency()
                .getEvents(), "the promotion");
        assertEquals(0L, observability.getTeamDoraMetrics(team, null, null, null).getDeploymentFrequency()
                .getEvents(), "no production deployment");
        ApiException outsider = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> new ObservabilityApi(platform.sdk(platform.token(TokenSpec.user("mallory").team("other"))))
                        .getTeamDoraMetrics(team, null, null, null));
        assertEquals(403, outsider.getCode());

        ComponentDeployments component = deployments.getComponentDeployments(team + "-shop", "default");
        Set<String> environments = component.getEnvironments().stream().map(found -> found.getEnvironment())
                .collect(Collectors.toSet());
        assertEquals(Set.of(dev, staging), environments);
    }

    @Test
    void refusesWhatTheGuardrailsDoNotAllowAndWhatIsNotAWorkload(PlatformUnderTest platform) throws Exception {
        String team = "e2e-deploy-" + UUID.randomUUID().toString().substring(0, 8);
        createTeam(platform, team);
        String member = platform.token(TokenSpec.user("eli").team(team));
        String dev = createEnvironment(platform, member, team, "dev");
        DeploymentsApi deployments = new DeploymentsApi(platform.sdk(member));

        ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> deployments.deployWorkload(dev, spec("web", "evil.example.org/miner:latest", Map.of()), null,
                        null, false, null, null, null, null, null, null));
        assertEquals(422, refused.getCode());
        assertTrue(refused.getResponseBody().contains("allowed-registries"), refused.getResponseBody());
        assertTrue(refused.getResponseBody().contains("no-latest-image"), refused.getResponseBody());

        HttpResponse<String> badScore = platform.post("/api/v1/environments/" + dev + "/deployments", member,
                "application/yaml", """
                        apiVersion: score.dev/v1b1
                        metadata:
                          name: web
                        containers:
                          main:
                            image: registry.example.com/shop/web:1.0.0
                            variables:
                              DB: ${resources.db.host}
                        """);
        assertEquals(422, badScore.statusCode(), badScore.body());
        assertEquals("/containers/main/variables/DB", JSON.readTree(badScore.body()).path("errors").path(0)
                .path("pointer").asText(), badScore.body());

        // Over gRPC's default 4 MiB: provisioning-service takes it, and refuses it for its length.
        String score = """
                apiVersion: score.dev/v1b1
                metadata:
                  name: web
                containers:
                  main:
                    image: registry.example.com/shop/web:1.0.0
                    variables:
                """;
        HttpResponse<String> hugeScore = platform.post("/api/v1/environments/" + dev + "/deployments?dryRun=true",
                member, "application/yaml", score + ("      V: \"" + "x".repeat(90) + "\"\n").repeat(50_000));
        assertEquals(400, hugeScore.statusCode(), hugeScore.body());
        assertEquals("INVALID_SPEC", JSON.readTree(hugeScore.body()).path("code").asText(), hugeScore.body());
        assertEquals(0, deployments.listWorkloads(dev, null, null).getItems().size(), "nothing was recorded");
    }

    private static WorkloadSpec spec(String name, String image, Map<String, String> annotations) {
        return new WorkloadSpec().name(name).goldenPath("web-service").image(image)
                .ports(List.of(new WorkloadPort().name("http").port(8080)))
                .resources(new WorkloadResources()
                        .requests(new ResourceQuantities().cpu("50m").memory("64Mi"))
                        .limits(new ResourceQuantities().cpu("100m").memory("128Mi")))
                .livenessProbe(new WorkloadProbe().httpGet(new HttpGetProbe().path("/healthz").port(8080)))
                .readinessProbe(new WorkloadProbe().httpGet(new HttpGetProbe().path("/ready").port(8080)))
                .annotations(annotations);
    }

    private static void createTeam(PlatformUnderTest platform, String team) throws Exception {
        String admin = platform.token(TokenSpec.user("root").role("platform-admin"));
        HttpResponse<String> ingested = platform.post("/api/v1/catalog/entities", admin, "application/yaml", """
                        apiVersion: backstage.io/v1alpha1
                        kind: Group
                        metadata:
                          name: %s
                        spec:
                          type: team
                          children: []
                        """.formatted(team));
        assertEquals(200, ingested.statusCode(), ingested.body());
    }

    /** A ready environment of the team's application `<team>-shop`; answers its name. */
    private static String createEnvironment(PlatformUnderTest platform, String token, String team, String stage)
            throws Exception {
        String application = team + "-shop";
        HttpResponse<String> accepted = platform.post("/api/v1/environments", token, "application/json",
                "{\"team\":\"" + team + "\",\"application\":\"" + application + "\",\"stage\":\"" + stage
                        + "\",\"name\":\"" + team + "-" + stage + "\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        Operation done = awaitFinal(platform, token, JSON.readTree(accepted.body()).path("id").asText());
        assertEquals(Operation.StateEnum.SUCCEEDED, done.getState(), done.toString());
        return team + "-" + stage;
    }

    private static Operation awaitFinal(PlatformUnderTest platform, String token, String id) throws Exception {
        OperationsApi operations = new OperationsApi(platform.sdk(token));
        return awaitValue(() -> {
            try {
                return operations.getOperation(id);
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        }, operation -> operation.getState() == Operation.StateEnum.SUCCEEDED
                || operation.getState() == Operation.StateEnum.FAILED
                || operation.getState() == Operation.StateEnum.CANCELLED);
    }

    private static <T> T awaitValue(ThrowingSupplier<T> probe, Predicate<T> done) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("still not there after " + PATIENCE + ": " + last);
            }
            Thread.sleep(250);
            last = probe.get();
        }
        return last;
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
