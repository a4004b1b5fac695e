package dev.paved.provisioning.environments.api;

import static dev.paved.provisioning.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.ObjectRef;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.PlannedObject;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.api.provisioning.v1.StepAction;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.common.problem.Problem;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** dryRun on every mutation: the same checks and the same plan as the real call, and nothing changes. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class EnvironmentDryRunTest {

    private static final KubernetesSerialization MANIFESTS = new KubernetesSerialization();

    KubernetesClient cluster;

    private static CreateEnvironmentRequest.Builder request(String team, String application, String stage) {
        return CreateEnvironmentRequest.newBuilder().setTeam(team).setApplication(application).setStage(stage);
    }

    private static Operation create(String token, CreateEnvironmentRequest.Builder request) {
        return GrpcClients.environments(token).createEnvironment(request.build());
    }

    private static <T extends HasMetadata> T manifest(Operation plan, String kind, String name, Class<T> type) {
        PlannedObject planned = plan.getPlannedObjectsList().stream()
                .filter(object -> object.getObject().getKind().equals(kind)
                        && object.getObject().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + plan));
        return MANIFESTS.unmarshal(planned.getManifest(), type);
    }

    private static List<ObjectRef> refs(Operation plan) {
        return plan.getPlannedObjectsList().stream().map(PlannedObject::getObject).toList();
    }

    private static List<Operation> operationsOf(String environment) {
        return GrpcClients.operations(Provisioning.ADMIN).listOperations(ListOperationsRequest.newBuilder()
                .setEnvironment(environment).build()).getOperationsList();
    }

    private static Environment environment(String name) {
        return GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build());
    }

    private static Operation ready(String team, String application) {
        Operation created = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member(team), team, application, "dev").getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, created.getState(), created.toString());
        return created;
    }

    /** The dry run fails exactly as the real call does, and neither leaves anything behind. */
    private static void assertRejectedLikeTheRealCall(int status, String code, Executable dryRun, Executable real) {
        Problem planned = assertProblem(status, code, dryRun);
        Problem actual = assertProblem(status, code, real);
        assertEquals(actual.detail(), planned.detail());
        assertEquals(actual.errors(), planned.errors());
    }

    @Test
    void aDryRunCreateAnswersTheRenderedBaselineAndRecordsNothing() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";

        Operation plan = create(Provisioning.member("payments"), request("payments", application, "dev")
                .setDryRun(true));

        assertTrue(plan.getDryRun());
        assertEquals("", plan.getId(), "a dry run is never recorded");
        assertFalse(plan.hasCreatedAt());
        assertEquals(OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT, plan.getType());
        assertEquals(OperationState.OPERATION_STATE_PENDING, plan.getState());
        assertEquals(name, plan.getTarget().getName());
        assertEquals("", plan.getTarget().getId());
        assertEquals("dev-payments", plan.getRequestedBy());
        assertEquals("payments", plan.getTeam());
        assertEquals(List.of("Namespace", "ServiceAccount", "RoleBinding", "ResourceQuota", "LimitRange",
                "NetworkPolicy", "NetworkPolicy", "NetworkPolicy", "NetworkPolicy"),
                refs(plan).stream().map(ObjectRef::getKind).toList());
        assertTrue(plan.getPlannedObjectsList().stream()
                .allMatch(object -> object.getAction() == StepAction.STEP_ACTION_APPLY));
        assertEquals(refs(plan), plan.getStepsList().stream().map(Step::getObject).toList(),
                "one step per planned object, in the same order");
        assertTrue(plan.getStepsList().stream().allMatch(step -> step.getState() == StepState.STEP_STATE_PENDING));
        assertEquals("apply Namespace " + name, plan.getSteps(0).getName());

        Namespace namespace = manifest(plan, "Namespace", name, Namespace.class);
        Map<String, String> labels = namespace.getMetadata().getLabels();
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/enforce"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/warn"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/audit"));
        assertEquals("payments", labels.get("paved.dev/team"));
        assertEquals("00000000-0000-0000-0000-000000000000",
                namespace.getMetadata().getAnnotations().get("paved.dev/environment-id"),
                "the environment id is assigned only by the real create");
        RoleBinding binding = manifest(plan, "RoleBinding", "paved-team", RoleBinding.class);
        assertEquals(name, binding.getMetadata().getNamespace());
        assertEquals("edit", binding.getRoleRef().getName());
        assertEquals("payments", binding.getSubjects().get(0).getName());
        ResourceQuota quota = manifest(plan, "ResourceQuota", "paved-quota", ResourceQuota.class);
        assertEquals("20", quota.getSpec().getHard().get("pods").toString());
        LimitRange limits = manifest(plan, "LimitRange", "paved-limits", LimitRange.class);
        assertEquals("500m", limits.getSpec().getLimits().get(0).getDefault().get("cpu").toString());
        NetworkPolicy deny = manifest(plan, "NetworkPolicy", "paved-default-deny", NetworkPolicy.class);
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        manifest(plan, "NetworkPolicy", "paved-allow-dns", NetworkPolicy.class);
        manifest(plan, "NetworkPolicy", "paved-allow-same-namespace", NetworkPolicy.class);
        manifest(plan, "NetworkPolicy", "paved-allow-ingress-controller", NetworkPolicy.class);
        ServiceAccount workload = manifest(plan, "ServiceAccount", "workload", ServiceAccount.class);
        assertFalse(workload.getAutomountServiceAccountToken());

        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> environment(name));
        assertEquals(List.of(), operationsOf(name));
        assertNull(cluster.namespaces().withName(name).get());

        Operation real = ready("payments", application);
        assertEquals(refs(plan), real.getStepsList().stream().map(Step::getObject).toList(),
                "the real create applies what the dry run showed");
        assertEquals(quota.getSpec().getHard(), cluster.resourceQuotas().inNamespace(name).withName("paved-quota")
                .get().getSpec().getHard());
    }

    @Test
    void aDryRunCreateIsRejectedLikeTheRealOne() {
        String application = Provisioning.freshApplication();
        String member = Provisioning.member("payments");

        assertRejectedLikeTheRealCall(422, "UNKNOWN_STAGE",
                () -> create(member, request("payments", application, "qa").setDryRun(true)),
                () -> create(member, request("payments", application, "qa")));
        assertRejectedLikeTheRealCall(422, "UNKNOWN_TEAM",
                () -> create(Provisioning.ADMIN, request("ghosts", application, "dev").setDryRun(true)),
                () -> create(Provisioning.ADMIN, request("ghosts", application, "dev")));
        assertRejectedLikeTheRealCall(403, "TEAM_FORBIDDEN",
                () -> create(Provisioning.member("search"), request("payments", application, "dev").setDryRun(true)),
                () -> create(Provisioning.member("search"), request("payments", application, "dev")));
        assertRejectedLikeTheRealCall(400, "INVALID_ENVIRONMENT",
                () -> create(member, request("payments", "web_app", "dev").setDryRun(true)),
                () -> create(member, request("payments", "web_app", "dev")));

        ready("payments", application);
        assertRejectedLikeTheRealCall(409, "ENVIRONMENT_EXISTS",
                () -> create(Provisioning.ADMIN, request("search", application, "dev").setDryRun(true)),
                () -> create(Provisioning.ADMIN, request("search", application, "dev")));
        assertEquals(1, operationsOf(application + "-dev").size());
    }

    @Test
    void aDryRunChangeIsRejectedLikeTheRealOne() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        ready("payments", application);
        String member = Provisioning.member("payments");
        UpdateEnvironmentRequest.Builder change = UpdateEnvironmentRequest.newBuilder().setName(name).setTier("large");

        assertRejectedLikeTheRealCall(412, "ENVIRONMENT_CHANGED",
                () -> GrpcClients.environments(member).updateEnvironment(change.clone().setIfMatch("999")
                        .setDryRun(true).build()),
                () -> GrpcClients.environments(member).updateEnvironment(change.clone().setIfMatch("999").build()));
        assertRejectedLikeTheRealCall(422, "UNKNOWN_TIER",
                () -> GrpcClients.environments(member).updateEnvironment(change.clone().setTier("huge")
                        .setDryRun(true).build()),
                () -> GrpcClients.environments(member).updateEnvironment(change.clone().setTier("huge").build()));
        assertRejectedLikeTheRealCall(403, "ENVIRONMENT_FORBIDDEN",
                () -> GrpcClients.environments(Provisioning.member("search")).deleteEnvironment(
                        DeleteEnvironmentRequest.newBuilder().setName(name).setDryRun(true).build()),
                () -> GrpcClients.environments(Provisioning.member("search")).deleteEnvironment(
                        DeleteEnvironmentRequest.newBuilder().setName(name).build()));
        assertRejectedLikeTheRealCall(404, "ENVIRONMENT_NOT_FOUND",
                () -> GrpcClients.environments(member).reconcileEnvironment(ReconcileEnvironmentRequest.newBuilder()
                        .setName("missing-" + name).setDryRun(true).build()),
                () -> GrpcClients.environments(member).reconcileEnvironment(ReconcileEnvironmentRequest.newBuilder()
                        .setName("missing-" + name).build()));
        assertEquals(1, operationsOf(name).size());
    }

    @Test
    void aDryRunDeleteListsExactlyTheCreatedObjectsAndLeavesTheEnvironment() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Operation created = ready("payments", application);
        Environment before = environment(name);

        Operation plan = GrpcClients.environments(Provisioning.member("payments")).deleteEnvironment(
                DeleteEnvironmentRequest.newBuilder().setName(name).setIfMatch(before.getEtag()).setDryRun(true)
                        .build());

        assertTrue(plan.getDryRun());
        assertEquals("", plan.getId());
        assertEquals(OperationType.OPERATION_TYPE_DELETE_ENVIRONMENT, plan.getType());
        assertEquals(before.getId(), plan.getTarget().getId());
        List<ObjectRef> createdObjects = new ArrayList<>(created.getStepsList().stream().map(Step::getObject).toList());
        Collections.reverse(createdObjects);
        assertEquals(createdObjects, refs(plan), "what lives in the namespace goes first, the namespace last");
        assertTrue(plan.getPlannedObjectsList().stream()
                .allMatch(object -> object.getAction() == StepAction.STEP_ACTION_DELETE));
        assertEquals("delete Namespace " + name, plan.getSteps(8).getName());
        assertEquals(before.getId(), manifest(plan, "Namespace", name, Namespace.class).getMetadata()
                .getAnnotations().get("paved.dev/environment-id"), "each object as Paved applied it");

        Environment after = environment(name);
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_READY, after.getState());
        assertEquals(before.getEtag(), after.getEtag());
        assertEquals(created.getId(), after.getLastOperationId());
        assertEquals(1, operationsOf(name).size());
        assertNotNull(cluster.namespaces().withName(name).get());
        assertNotNull(cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get());
    }

    @Test
    void aDryRunChangeRendersTheNewTierAndADryRunReconcileListsWhatItWouldCheck() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Operation created = ready("payments", application);
        String member = Provisioning.member("payments");

        Operation change = GrpcClients.environments(member).updateEnvironment(UpdateEnvironmentRequest.newBuilder()
                .setName(name).setTier("large").setDryRun(true).build());
        assertTrue(change.getDryRun());
        assertEquals(OperationType.OPERATION_TYPE_UPDATE_ENVIRONMENT, change.getType());
        assertEquals(created.getStepsList().stream().map(Step::getObject).toList(), refs(change));
        assertEquals("200", manifest(change, "ResourceQuota", "paved-quota", ResourceQuota.class).getSpec()
                .getHard().get("pods").toString());

        Operation reconcile = GrpcClients.environments(member).reconcileEnvironment(
                ReconcileEnvironmentRequest.newBuilder().setName(name).setDryRun(true).build());
        assertTrue(reconcile.getDryRun());
        assertEquals(OperationType.OPERATION_TYPE_RECONCILE_ENVIRONMENT, reconcile.getType());
        assertEquals(created.getStepsList().stream().map(Step::getObject).toList(), refs(reconcile));
        assertTrue(reconcile.getPlannedObjectsList().stream()
                .allMatch(object -> object.getAction() == StepAction.STEP_ACTION_RECONCILE));
        assertEquals("20", manifest(reconcile, "ResourceQuota", "paved-quota", ResourceQuota.class).getSpec()
                .getHard().get("pods").toString(), "compared with the stored manifest, of the current tier");

        Environment after = environment(name);
        assertEquals("small", after.getTier());
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_READY, after.getState());
        assertEquals(1, operationsOf(name).size());
        assertEquals("20", cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get().getSpec()
                .getHard().get("pods").toString());
    }

    @Test
    void aDryRunDoesNotUseUpItsIdempotencyKey() {
        String application = Provisioning.freshApplication();
        String token = Provisioning.member("payments");
        CreateEnvironmentRequest.Builder body = request("payments", application, "dev")
                .setIdempotencyKey("dry-" + application);

        Operation plan = create(token, body.clone().setDryRun(true));
        assertTrue(plan.getDryRun());

        Operation real = create(token, body);
        assertFalse(real.getDryRun(), "the real call with the key makes the operation");
        assertNotEquals("", real.getId());
        assertEquals(0, real.getPlannedObjectsCount());
        assertEquals(real.getId(), create(token, body).getId());

        Operation planAfterwards = create(token, body.clone().setDryRun(true));
        assertEquals(real.getId(), planAfterwards.getId(),
                "a dry run with a used key answers what the real call would: the operation made then");
        assertProblem(422, "IDEMPOTENCY_KEY_REUSED", () -> create(token, body.clone().setStage("staging")
                .setDryRun(true)));
        assertEquals(1, operationsOf(application + "-dev").size());
        Provisioning.awaitFinal(real.getId());
    }
}
