package dev.paved.provisioning.environments.api;

import static dev.paved.provisioning.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.DriftKind;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.common.problem.Problem;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.environments.worker.Reconciler;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.provisioning.operations.worker.KubernetesStepExecutor;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Changing, reconciling and tearing down environments, and what Paved leaves alone. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class EnvironmentLifecycleTest {

    KubernetesClient cluster;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesStepExecutor steps;

    @Inject
    ProvisioningConfig config;

    private String ready(String team, String stage) {
        String application = Provisioning.freshApplication();
        Operation created = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member(team), team, application, stage).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, created.getState(), created.toString());
        return application + "-" + stage;
    }

    private static Environment environment(String name) {
        return GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build());
    }

    @Test
    void bindsTheTeamToTheViewRoleInProd() {
        String name = ready("payments", "prod");
        assertEquals("view", cluster.rbac().roleBindings().inNamespace(name).withName("paved-team").get()
                .getRoleRef().getName());
    }

    @Test
    void changesTheTierGuardedByTheEtag() {
        String name = ready("payments", "dev");
        Environment before = environment(name);

        assertProblem(412, "ENVIRONMENT_CHANGED", () -> GrpcClients.environments(Provisioning.member("payments"))
                .updateEnvironment(UpdateEnvironmentRequest.newBuilder().setName(name).setTier("large")
                        .setIfMatch("999").build()));
        assertProblem(422, "UNKNOWN_TIER", () -> GrpcClients.environments(Provisioning.member("payments"))
                .updateEnvironment(UpdateEnvironmentRequest.newBuilder().setName(name).setTier("huge").build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> GrpcClients.environments(Provisioning.member("search"))
                .updateEnvironment(UpdateEnvironmentRequest.newBuilder().setName(name).setTier("large").build()));

        Operation changed = Provisioning.awaitFinal(GrpcClients.environments(Provisioning.member("payments"))
                .updateEnvironment(UpdateEnvironmentRequest.newBuilder().setName(name).setTier("large")
                        .setIfMatch(before.getEtag()).build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, changed.getState(), changed.toString());

        Environment after = environment(name);
        assertEquals("large", after.getTier());
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_READY, after.getState());
        ResourceQuota quota = cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get();
        assertEquals("200", quota.getSpec().getHard().get("pods").toString());
        assertEquals("64Gi", quota.getSpec().getHard().get("requests.memory").toString());
    }

    @Test
    void teardownDeletesExactlyWhatPavedCreated() {
        String name = ready("payments", "dev");
        cluster.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("edit")
                .endMetadata().build()).createOr(existing -> existing.update());
        cluster.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("team-notes")
                .endMetadata().addToData("note", "mine").build()).create();
        String neighbour = "neighbour-" + name;
        cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(neighbour).endMetadata()
                .build()).create();

        Operation teardown = Provisioning.awaitFinal(GrpcClients.environments(Provisioning.member("payments"))
                .deleteEnvironment(DeleteEnvironmentRequest.newBuilder().setName(name).build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, teardown.getState(), teardown.toString());
        assertEquals(9, teardown.getStepsCount());
        assertEquals("delete Namespace " + name, teardown.getSteps(8).getName());

        assertNull(cluster.namespaces().withName(name).get());
        assertTrue(cluster.network().networkPolicies().inNamespace(name).list().getItems().isEmpty());
        assertNull(cluster.serviceAccounts().inNamespace(name).withName("workload").get());
        assertNull(cluster.rbac().roleBindings().inNamespace(name).withName("paved-team").get());
        assertNull(cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get());
        assertNull(cluster.limitRanges().inNamespace(name).withName("paved-limits").get());
        assertNotNull(cluster.configMaps().inNamespace(name).withName("team-notes").get(),
                "an object Paved did not create is not deleted by Paved");
        assertNotNull(cluster.namespaces().withName(neighbour).get());
        assertNotNull(cluster.rbac().clusterRoles().withName("edit").get(), "the platform's ClusterRole stays");

        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> environment(name));
        Operation stillReadable = GrpcClients.operations(Provisioning.member("payments"))
                .getOperation(GetOperationRequest.newBuilder().setId(teardown.getId()).build());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, stillReadable.getState());
    }

    @Test
    void neverTakesOverANamespaceItDidNotCreate() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("owner", "someone-else").endMetadata().build()).create();

        Operation failed = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member("payments"), "payments", application, "dev").getId());
        assertEquals(OperationState.OPERATION_STATE_FAILED, failed.getState());
        assertEquals("NAMESPACE_TAKEN", failed.getError().getCode());
        assertTrue(failed.getError().getDetail().contains("Namespace " + name), failed.getError().getDetail());
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_FAILED, environment(name).getState());
        assertEquals(Map.of("owner", "someone-else"), cluster.namespaces().withName(name).get().getMetadata()
                .getLabels());

        Operation teardown = Provisioning.awaitFinal(GrpcClients.environments(Provisioning.member("payments"))
                .deleteEnvironment(DeleteEnvironmentRequest.newBuilder().setName(name).build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, teardown.getState(), teardown.toString());
        assertNotNull(cluster.namespaces().withName(name).get(), "teardown leaves the foreign namespace");
    }

    @Test
    void reconcileOnDemandRepairsDriftAndRecordsIt() {
        String name = ready("payments", "dev");
        cluster.network().networkPolicies().inNamespace(name).withName("paved-default-deny").delete();
        cluster.resourceQuotas().inNamespace(name).withName("paved-quota")
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("500"));
                    return quota;
                });

        Operation reconciled = Provisioning.awaitFinal(GrpcClients.environments(Provisioning.member("payments"))
                .reconcileEnvironment(ReconcileEnvironmentRequest.newBuilder().setName(name).build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, reconciled.getState(), reconciled.toString());

        assertNotNull(cluster.network().networkPolicies().inNamespace(name).withName("paved-default-deny").get());
        assertEquals("20", cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get().getSpec()
                .getHard().get("pods").toString());
        Environment environment = environment(name);
        assertEquals(2, environment.getDriftCount(), environment.toString());
        assertTrue(environment.getDriftList().stream().allMatch(drift -> drift.getRepaired()));
        assertTrue(environment.getDriftList().stream().anyMatch(drift -> drift.getKind() == DriftKind.DRIFT_KIND_MISSING
                && drift.getObject().getName().equals("paved-default-deny")));
        assertTrue(environment.getDriftList().stream().anyMatch(drift -> drift.getKind() == DriftKind.DRIFT_KIND_MODIFIED
                && drift.getDetail().contains("spec.hard.pods")));
        assertTrue(environment.hasLastReconciledAt());
    }

    @Test
    void periodicReconcilerRepairsDriftAndLeavesOtherObjectsAlone() {
        String name = ready("search", "staging");
        String etag = environment(name).getEtag();
        cluster.serviceAccounts().inNamespace(name).withName("workload").delete();
        cluster.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata().withName("extra")
                .endMetadata().build()).create();

        assertTrue(reconciler.reconcileDue() >= 1);

        assertNotNull(cluster.serviceAccounts().inNamespace(name).withName("workload").get());
        assertNotNull(cluster.configMaps().inNamespace(name).withName("extra").get());
        Environment environment = environment(name);
        assertEquals(1, environment.getDriftCount(), environment.toString());
        assertEquals("workload", environment.getDrift(0).getObject().getName());
        assertEquals(etag, environment.getEtag(), "being reconciled does not change the environment's etag");
    }

    @Test
    void aReconcilerThatIsStoppingStartsNoEnvironment() throws InterruptedException {
        String name = ready("search", "dev");
        cluster.serviceAccounts().inNamespace(name).withName("workload").delete();
        Reconciler stopping = new Reconciler(steps, config);

        stopping.stop(null);

        assertEquals(0, stopping.reconcileDue());
        assertNull(cluster.serviceAccounts().inNamespace(name).withName("workload").get());
        assertEquals(0, environment(name).getDriftCount());
        assertTrue(reconciler.reconcileDue() >= 1, "the application's own reconciler still runs");
        assertNotNull(cluster.serviceAccounts().inNamespace(name).withName("workload").get());
    }

    @Test
    void rejectsASecondOperationWhileOneIsUnderWay() {
        String application = Provisioning.freshApplication();
        Operation creating = Provisioning.create(Provisioning.ADMIN, "payments", application, "dev");
        Problem busy;
        try {
            busy = assertProblem(409, "ENVIRONMENT_BUSY", () -> GrpcClients.environments(Provisioning.ADMIN)
                    .deleteEnvironment(DeleteEnvironmentRequest.newBuilder().setName(application + "-dev").build()));
        } finally {
            Provisioning.awaitFinal(creating.getId());
        }
        assertTrue(busy.detail().contains("pending or running"));
    }
}
