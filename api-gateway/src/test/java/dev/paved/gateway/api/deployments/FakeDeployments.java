package dev.paved.gateway.api.deployments;

import java.util.List;

import com.google.protobuf.Timestamp;

import dev.paved.api.common.v1.PageInfo;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentPlan;
import dev.paved.api.provisioning.v1.DeploymentRecord;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.GuardrailDecision;
import dev.paved.api.provisioning.v1.GuardrailOutcome;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsResponse;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.ListRevisionsRequest;
import dev.paved.api.provisioning.v1.ListRevisionsResponse;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsResponse;
import dev.paved.api.provisioning.v1.ObjectChange;
import dev.paved.api.provisioning.v1.ObjectDiff;
import dev.paved.api.provisioning.v1.ObjectRef;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.PromoteRequest;
import dev.paved.api.provisioning.v1.ResolvedImage;
import dev.paved.api.provisioning.v1.Revision;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.api.provisioning.v1.Rollout;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.api.provisioning.v1.StepAction;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.api.provisioning.v1.Target;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.api.provisioning.v1.WorkloadState;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import io.grpc.stub.StreamObserver;

/**
 * provisioning-service's DeploymentService as the gateway's tests see it, served beside the other
 * stand-ins by {@link FakeProvisioning}: canned workloads and revisions, and the problems the real one
 * sends for an unknown environment or workload, another team's environment and a denied spec.
 */
public final class FakeDeployments implements DeploymentServiceGrpc.AsyncService {

    /** An environment of another team: provisioning-service answers 403. */
    public static final String OTHER_TEAMS_ENVIRONMENT = "ledger-dev";
    public static final String MISSING = "missing";
    /** An image the guardrails deny. */
    public static final String DENIED_IMAGE = "ghcr.io/acme/checkout:latest";
    static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();
    static final String SPEC = "{\"name\":\"checkout\",\"image\":\"ghcr.io/acme/checkout:1.4.2\",\"replicas\":2,"
            + "\"ports\":[{\"name\":\"http\",\"port\":8080}],\"resources\":{\"requests\":{\"cpu\":\"250m\","
            + "\"memory\":\"256Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"512Mi\"}},\"readinessProbe\":{\"httpGet\":"
            + "{\"path\":\"/ready\",\"port\":8080}},\"provisions\":{\"db\":{\"type\":\"postgres\",\"class\":\"small\","
            + "\"params\":{\"size\":\"1Gi\"}}}}";
    static final String MANIFEST = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":"
            + "\"checkout\",\"namespace\":\"web-dev\",\"labels\":{\"app.kubernetes.io/managed-by\":\"paved\"}},"
            + "\"spec\":{\"replicas\":2}}";

    static Workload workload(String environment, String name) {
        return Workload.newBuilder().setName(name).setEnvironment(environment).setNamespace(environment)
                .setTeam("payments").setApplication("web").setStage(environment.endsWith("staging") ? "staging" : "dev")
                .setComponent("component:default/web").setKind("Deployment").setGoldenPath("web-service")
                .setGoldenPathVersion("1.0.0").setCurrentRevision(3).setState(WorkloadState.WORKLOAD_STATE_DEPLOYED)
                .setRollout(rollout(RolloutState.ROLLOUT_STATE_ROLLED_OUT)).setCreatedAt(CREATED).setUpdatedAt(CREATED)
                .build();
    }

    static Rollout rollout(RolloutState state) {
        return Rollout.newBuilder().setState(state).setMessage("2 of 2 updated replicas are available")
                .setUpdatedAt(CREATED).setDesiredReplicas(2).setUpdatedReplicas(2).setReadyReplicas(2)
                .setAvailableReplicas(2).build();
    }

    static Revision revision(String environment, String workload, long number) {
        return Revision.newBuilder().setNumber(number).setWorkload(workload).setEnvironment(environment)
                .setTeam("payments").setApplication("web").setStage("dev").setSpecJson(SPEC)
                .setGoldenPath("web-service").setGoldenPathVersion("1.0.0")
                .setManifestsDigest("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .addImages(ResolvedImage.newBuilder().setContainer("main").setReference("ghcr.io/acme/checkout:1.4.2")
                        .setDigest("sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"))
                .setCreatedBy("alice").setCreatedAt(CREATED).setVersion("1.4.2").setCommitSha("abc1234")
                .setCommitTime(CREATED).setRollout(rollout(RolloutState.ROLLOUT_STATE_PROGRESSING))
                .setOperationId(FakeProvisioning.OPERATION_ID).build();
    }

    static Operation operation(String environment, String workload, long revision, OperationType type,
            boolean dryRun) {
        Operation.Builder operation = FakeProvisioning.operation(environment, type).toBuilder()
                .setTarget(Target.newBuilder().setKind("Workload").setName(environment + "/" + workload))
                .setWorkload(workload).setRevision(revision).setEnvironment(environment)
                .addSteps(Step.newBuilder().setName("await rollout of " + workload)
                        .setAction(StepAction.STEP_ACTION_AWAIT_ROLLOUT)
                        .setObject(ObjectRef.newBuilder().setApiVersion("apps/v1").setKind("Deployment")
                                .setNamespace(environment).setName(workload))
                        .setState(StepState.STEP_STATE_PENDING));
        if (dryRun) {
            operation.clearId().clearCreatedAt().clearDeadline().setDryRun(true);
        }
        return operation.build();
    }

    static DeployResponse deployment(String environment, String workload, boolean dryRun) {
        Revision revision = revision(environment, workload, 4);
        DeployResponse.Builder answer = DeployResponse.newBuilder()
                .setOperation(operation(environment, workload, 4, OperationType.OPERATION_TYPE_DEPLOY_WORKLOAD, dryRun));
        if (!dryRun) {
            return answer.setRevision(revision).build();
        }
        return answer.setRevision(revision.toBuilder().clearCreatedAt().clearOperationId().addManifests(MANIFEST)
                .setRollout(rollout(RolloutState.ROLLOUT_STATE_PENDING)))
                .setPlan(DeploymentPlan.newBuilder().addManifests(MANIFEST)
                        .addGuardrails(GuardrailDecision.newBuilder().setGuardrail("allowed-registries")
                                .setOutcome(GuardrailOutcome.GUARDRAIL_OUTCOME_PASSED)
                                .setDetail("ghcr.io is allowed").setPointer("/image"))
                        .addDiff(ObjectDiff.newBuilder().setObject(ObjectRef.newBuilder().setApiVersion("apps/v1")
                                .setKind("Deployment").setNamespace(environment).setName(workload))
                                .setChange(ObjectChange.OBJECT_CHANGE_CHANGED)
                                .addChangedFields("spec.template.spec.containers[0].image")))
                .build();
    }

    private static <T> void fail(StreamObserver<T> response, int status, String code, String detail,
            Violation... errors) {
        response.onError(GrpcProblems.toStatus(Problem.of(status, code, detail, null, List.of(errors))));
    }

    private static <T> void answer(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }

    /** The environment's answer for the unknown and the other team's; false when the call may go on. */
    private static <T> boolean refusedFor(String environment, StreamObserver<T> response) {
        if (environment.equals(MISSING)) {
            fail(response, 404, "ENVIRONMENT_NOT_FOUND", "There is no environment 'missing'.");
            return true;
        }
        if (environment.equals(OTHER_TEAMS_ENVIRONMENT)) {
            fail(response, 403, "NOT_A_MEMBER", "Only members of team ledger may act on " + environment + ".");
            return true;
        }
        return false;
    }

    private static <T> boolean unknownWorkload(String workload, StreamObserver<T> response) {
        if (workload.equals(MISSING)) {
            fail(response, 404, "WORKLOAD_NOT_FOUND", "There is no workload 'missing' in web-dev.");
            return true;
        }
        return false;
    }

    @Override
    public void deploy(DeployRequest request, StreamObserver<DeployResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response)) {
            return;
        }
        if (request.getSpecJson().contains(DENIED_IMAGE) || request.getScoreYaml().contains(DENIED_IMAGE)) {
            fail(response, 422, "GUARDRAILS_DENIED", "The guardrails deny the spec.",
                    Violation.at("/image", "must not use the tag latest").withCode("no-latest-tag"),
                    Violation.at("/resources", "requests and limits are required").withCode("resources-required"));
            return;
        }
        answer(response, deployment(request.getEnvironment(), "checkout", request.getDryRun()));
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<DeployResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        if (request.getRevision() > 3) {
            fail(response, 404, "REVISION_NOT_FOUND", "Workload checkout has no revision " + request.getRevision() + ".");
            return;
        }
        DeployResponse deployment = deployment(request.getEnvironment(), request.getWorkload(), request.getDryRun());
        answer(response, deployment.toBuilder().setRevision(deployment.getRevision().toBuilder()
                .setRolledBackTo(request.getRevision())).build());
    }

    @Override
    public void promote(PromoteRequest request, StreamObserver<DeployResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        String target = "web-" + (request.getStage().isEmpty() ? "staging" : request.getStage());
        DeployResponse deployment = deployment(target, request.getWorkload(), request.getDryRun());
        answer(response, deployment.toBuilder().setRevision(deployment.getRevision().toBuilder()
                .setPromotedFrom(request.getEnvironment() + "/" + request.getWorkload() + "#3")).build());
    }

    @Override
    public void deleteWorkload(DeleteWorkloadRequest request, StreamObserver<Operation> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        answer(response, operation(request.getEnvironment(), request.getWorkload(), 0,
                OperationType.OPERATION_TYPE_DELETE_WORKLOAD, request.getDryRun()));
    }

    @Override
    public void getWorkload(GetWorkloadRequest request, StreamObserver<Workload> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        answer(response, workload(request.getEnvironment(), request.getWorkload()));
    }

    @Override
    public void listWorkloads(ListWorkloadsRequest request, StreamObserver<ListWorkloadsResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response)) {
            return;
        }
        answer(response, ListWorkloadsResponse.newBuilder().addWorkloads(workload(request.getEnvironment(), "checkout"))
                .setPage(PageInfo.newBuilder().setNextCursor("next-page")).build());
    }

    @Override
    public void listRevisions(ListRevisionsRequest request, StreamObserver<ListRevisionsResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        answer(response, ListRevisionsResponse.newBuilder()
                .addRevisions(revision(request.getEnvironment(), request.getWorkload(), 3))
                .addRevisions(revision(request.getEnvironment(), request.getWorkload(), 2).toBuilder()
                        .setRollout(rollout(RolloutState.ROLLOUT_STATE_SUPERSEDED)).clearVersion().clearCommitSha()
                        .clearCommitTime())
                .build());
    }

    @Override
    public void getRevision(GetRevisionRequest request, StreamObserver<Revision> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedFor(request.getEnvironment(), response) || unknownWorkload(request.getWorkload(), response)) {
            return;
        }
        if (request.getRevision() > 3) {
            fail(response, 404, "REVISION_NOT_FOUND", "Workload checkout has no revision " + request.getRevision() + ".");
            return;
        }
        answer(response, revision(request.getEnvironment(), request.getWorkload(), request.getRevision()).toBuilder()
                .addManifests(MANIFEST).build());
    }

    @Override
    public void listComponentDeployments(ListComponentDeploymentsRequest request,
            StreamObserver<ListComponentDeploymentsResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        ListComponentDeploymentsResponse.Builder answer = ListComponentDeploymentsResponse.newBuilder();
        if (request.getName().equals("web")) {
            answer.addWorkloads(workload("web-dev", "checkout")).addWorkloads(workload("web-dev", "worker"))
                    .addWorkloads(workload("web-staging", "checkout"));
        }
        answer(response, answer.build());
    }

    @Override
    public void listDeploymentHistory(ListDeploymentHistoryRequest request,
            StreamObserver<ListDeploymentHistoryResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        answer(response, ListDeploymentHistoryResponse.newBuilder().addDeployments(DeploymentRecord.newBuilder()
                .setEnvironment("web-prod").setStage("prod").setApplication("web").setWorkload("checkout")
                .setRevision(4).setRolloutState(RolloutState.ROLLOUT_STATE_ROLLED_OUT)).build());
    }
}
