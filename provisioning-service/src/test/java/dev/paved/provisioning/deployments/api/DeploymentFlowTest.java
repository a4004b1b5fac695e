package dev.paved.provisioning.deployments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.GuardrailOutcome;
import dev.paved.api.provisioning.v1.ListRevisionsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.ObjectChange;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.api.provisioning.v1.WorkloadState;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Problems;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class DeploymentFlowTest {

    private static final String IMAGE = "registry.example.com/payments/checkout:1.4.2";

    KubernetesClient cluster;
    @Inject
    DeploymentStore store;

    @Test
    void deploysAHardenedWebServiceAndTracksItsRolloutOnTheRevision() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployResponse accepted = Deploying.deploy(token, environment, Deploying.webService("checkout", IMAGE));

        assertEquals(OperationType.OPERATION_TYPE_DEPLOY_WORKLOAD, accepted.getOperation().getType());
        assertEquals("checkout", accepted.getOperation().getWorkload());
        assertEquals(1, accepted.getOperation().getRevision());
        assertEquals("Workload", accepted.getOperation().getTarget().getKind());
        assertEquals(1, accepted.getRevision().getNumber());
        assertEquals(RolloutState.ROLLOUT_STATE_PENDING, accepted.getRevision().getRollout().getState());
        assertTrue(accepted.getRevision().getManifestsDigest().startsWith("sha256:"));
        // The answer is made from what was recorded, without reading it back: it must read as the stored one
        // (as JSON: the database keeps an object's fields in an order of its own).
        assertTrue(accepted.getRevision().getManifestsCount() > 0);
        assertEquals(jsonOf(Deploying.revision(environment, "checkout", 1).getManifestsList()),
                jsonOf(accepted.getRevision().getManifestsList()));
        assertEquals(Deploying.revision(environment, "checkout", 1).getImagesList(),
                accepted.getRevision().getImagesList());

        Operation done = Provisioning.awaitFinal(accepted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());

        Deployment deployment = cluster.apps().deployments().inNamespace(environment).withName("checkout").get();
        assertNotNull(deployment, "the Deployment was applied");
        assertEquals("paved", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("paved", deployment.getMetadata().getManagedFields().get(0).getManager());
        assertNull(deployment.getSpec().getReplicas(), "the autoscaler owns the replicas");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("workload", pod.getServiceAccountName());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container container = pod.getContainers().get(0);
        assertEquals(IMAGE, container.getImage());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
        assertNotNull(cluster.services().inNamespace(environment).withName("checkout").get());
        assertNotNull(cluster.autoscaling().v2().horizontalPodAutoscalers().inNamespace(environment)
                .withName("checkout").get());
        assertNotNull(cluster.policy().v1().podDisruptionBudget().inNamespace(environment).withName("checkout").get());

        assertEquals(RolloutState.ROLLOUT_STATE_PROGRESSING,
                Deploying.revision(environment, "checkout", 1).getRollout().getState());
        Deploying.rollOut(cluster, environment, "checkout", 2);
        assertEquals(2, Deploying.awaitRollout(environment, "checkout", 1, RolloutState.ROLLOUT_STATE_ROLLED_OUT)
                .getRollout().getAvailableReplicas());

        Workload workload = GrpcClients.deployments(token).getWorkload(GetWorkloadRequest.newBuilder()
                .setEnvironment(environment).setWorkload("checkout").build());
        assertEquals(1, workload.getCurrentRevision());
        assertEquals(WorkloadState.WORKLOAD_STATE_DEPLOYED, workload.getState());
        assertEquals("Deployment", workload.getKind());
        assertEquals("web-service", workload.getGoldenPath());
    }

    @Test
    void aLaterRevisionDeletesWhatItNoLongerRendersAndARollbackRestoresIt() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        String withRoute = Deploying.webService("shop", IMAGE).replaceFirst("\\}\\s*$",
                ", \"provisions\": {\"web\": {\"type\": \"route\"}}}");
        Provisioning.awaitFinal(Deploying.deploy(token, environment, withRoute).getOperation().getId());
        assertEquals(1, cluster.network().v1().ingresses().inNamespace(environment).list().getItems().size());

        Operation second = Provisioning.awaitFinal(Deploying.deploy(token, environment,
                Deploying.webService("shop", IMAGE)).getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, second.getState(), second.toString());
        assertTrue(cluster.network().v1().ingresses().inNamespace(environment).list().getItems().isEmpty(),
                "the route's Ingress went with the route");
        assertNotNull(cluster.apps().deployments().inNamespace(environment).withName("shop").get());

        DeployResponse rollback = GrpcClients.deployments(token).rollback(RollbackRequest.newBuilder()
                .setEnvironment(environment).setWorkload("shop").setRevision(1).build());
        assertEquals(3, rollback.getRevision().getNumber());
        assertEquals(1, rollback.getRevision().getRolledBackTo());
        Provisioning.awaitFinal(rollback.getOperation().getId());
        assertEquals(1, cluster.network().v1().ingresses().inNamespace(environment).list().getItems().size());
        assertEquals(3, GrpcClients.deployments(token).listRevisions(ListRevisionsRequest.newBuilder()
                .setEnvironment(environment).setWorkload("shop").build()).getRevisionsCount());
        assertEquals(RolloutState.ROLLOUT_STATE_SUPERSEDED,
                Deploying.revision(environment, "shop", 2).getRollout().getState());
    }

    @Test
    void aDryRunShowsManifestsGuardrailsAndTheDiffAndRecordsNothing() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployResponse plan = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setSpecJson(Deploying.webService("api", IMAGE)).setDryRun(true).build());
        assertTrue(plan.getOperation().getDryRun());
        assertTrue(plan.getOperation().getId().isEmpty());
        assertTrue(plan.getPlan().getManifestsList().stream().anyMatch(manifest -> manifest.contains("\"kind\":\"Deployment\"")));
        assertFalse(plan.getPlan().getGuardrailsList().isEmpty());
        assertTrue(plan.getPlan().getGuardrailsList().stream()
                .allMatch(decision -> decision.getOutcome() == GuardrailOutcome.GUARDRAIL_OUTCOME_PASSED));
        assertTrue(plan.getPlan().getDiffList().stream()
                .allMatch(change -> change.getChange() == ObjectChange.OBJECT_CHANGE_ADDED));
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("api").get());
        assertEquals(0, GrpcClients.deployments(token).listWorkloads(ListWorkloadsRequest.newBuilder()
                .setEnvironment(environment).build()).getWorkloadsCount());

        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("api", IMAGE))
                .getOperation().getId());
        DeployResponse changed = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setDryRun(true)
                .setSpecJson(Deploying.webService("api", "registry.example.com/payments/checkout:1.5.0")).build());
        assertEquals(2, changed.getRevision().getNumber());
        assertTrue(changed.getPlan().getDiffList().stream().anyMatch(change -> change.getChange()
                == ObjectChange.OBJECT_CHANGE_CHANGED && change.getObject().getKind().equals("Deployment")
                && change.getChangedFieldsList().stream().anyMatch(field -> field.endsWith("image"))),
                changed.getPlan().getDiffList().toString());
    }

    /** The workloads of an environment whose rollouts the tracker follows. */
    private List<String> followedRollouts(String environment) {
        return QuarkusTransaction.requiringNew().call(() -> store.openRollouts(10_000)).stream()
                .filter(rollout -> rollout.environment().equals(environment))
                .map(DeploymentStore.OpenRollout::workload).sorted().toList();
    }

    @Test
    void deletingAWorkloadRemovesExactlyItsObjects() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("one", IMAGE))
                .getOperation().getId());
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("two", IMAGE))
                .getOperation().getId());

        assertEquals(List.of("one", "two"), followedRollouts(environment));

        Operation deleted = Provisioning.awaitFinal(GrpcClients.deployments(token).deleteWorkload(
                DeleteWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("one").build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, deleted.getState(), deleted.toString());
        assertEquals(List.of("two"), followedRollouts(environment), "the rollout tracker follows no deleted workload");
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("one").get());
        assertNull(cluster.services().inNamespace(environment).withName("one").get());
        assertNotNull(cluster.apps().deployments().inNamespace(environment).withName("two").get());
        assertNotNull(cluster.serviceAccounts().inNamespace(environment).withName("workload").get(),
                "the environment's baseline stays");
        Problems.assertProblem(404, "WORKLOAD_NOT_FOUND", () -> GrpcClients.deployments(token).getWorkload(
                GetWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("one").build()));

        DeployResponse again = Deploying.deploy(token, environment, Deploying.webService("one", IMAGE));
        assertEquals(2, again.getRevision().getNumber(), "a workload deployed again goes on counting");
    }

    @Test
    void waitingForARolloutFailsTheOperationWhenTheRolloutFails() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployResponse accepted = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setSpecJson(Deploying.webService("flaky", IMAGE))
                .setWaitForRollout(true).build());
        Deploying.awaitRollout(environment, "flaky", 1, RolloutState.ROLLOUT_STATE_PROGRESSING);
        assertEquals(OperationState.OPERATION_STATE_RUNNING, GrpcClients.operations(Provisioning.ADMIN)
                .getOperation(dev.paved.api.provisioning.v1.GetOperationRequest.newBuilder()
                        .setId(accepted.getOperation().getId()).build()).getState());

        Deploying.exceedProgressDeadline(cluster, environment, "flaky");

        Operation failed = Provisioning.awaitFinal(accepted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_FAILED, failed.getState());
        assertEquals("ROLLOUT_FAILED", failed.getError().getCode());
        assertEquals(RolloutState.ROLLOUT_STATE_FAILED,
                Deploying.revision(environment, "flaky", 1).getRollout().getState());
        assertEquals(1, GrpcClients.deployments(token).getWorkload(GetWorkloadRequest.newBuilder()
                .setEnvironment(environment).setWorkload("flaky").build()).getCurrentRevision(),
                "its objects were applied, so it is the current revision even though its rollout failed");
    }

    @Test
    void waitingForARolloutSucceedsWhenItRollsOut() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployResponse accepted = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setSpecJson(Deploying.webService("steady", IMAGE))
                .setWaitForRollout(true).build());
        Deploying.awaitRollout(environment, "steady", 1, RolloutState.ROLLOUT_STATE_PROGRESSING);
        Deploying.rollOut(cluster, environment, "steady", 2);
        Operation done = Provisioning.awaitFinal(accepted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
        assertEquals(RolloutState.ROLLOUT_STATE_ROLLED_OUT,
                Deploying.revision(environment, "steady", 1).getRollout().getState());
    }

    @Test
    void deletingAnEnvironmentRemovesItsWorkloadsFirst() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("doomed", IMAGE))
                .getOperation().getId());

        Operation teardown = Provisioning.awaitFinal(GrpcClients.environments(token).deleteEnvironment(
                dev.paved.api.provisioning.v1.DeleteEnvironmentRequest.newBuilder().setName(environment).build())
                .getId());

        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, teardown.getState(), teardown.toString());
        List<String> deleted = teardown.getStepsList().stream().map(step -> step.getObject().getKind()).toList();
        assertTrue(deleted.indexOf("Deployment") < deleted.indexOf("Namespace"), deleted.toString());
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("doomed").get());
        assertNull(cluster.namespaces().withName(environment).get());
    }

    private static List<JsonNode> jsonOf(List<String> manifests) {
        ObjectMapper json = new ObjectMapper();
        return manifests.stream().map(manifest -> {
            try {
                return json.readTree(manifest);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
