package dev.paved.gateway.api.provisioning;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Timestamp;

import dev.paved.api.common.v1.PageInfo;
import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.Drift;
import dev.paved.api.provisioning.v1.DriftKind;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import dev.paved.api.provisioning.v1.ListEnvironmentsRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsResponse;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.ListOperationsResponse;
import dev.paved.api.provisioning.v1.ObjectRef;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationEventType;
import dev.paved.api.provisioning.v1.OperationServiceGrpc;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.PlannedObject;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.api.provisioning.v1.StepAction;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.api.provisioning.v1.Target;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.StandInServer;
import dev.paved.gateway.api.deployments.FakeDeployments;
import dev.paved.gateway.api.goldenpaths.FakeGoldenPaths;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in for provisioning-service on a port of its own (with {@link FakeDeployments} and
 * {@link FakeGoldenPaths}): canned answers, the problems the real one sends, and the last request
 * and Authorization header it received. It implements the {@code AsyncService}s, not the
 * ImplBases, so that Quarkus does not take it for the gateway's own.
 */
public final class FakeProvisioning implements EnvironmentServiceGrpc.AsyncService, OperationServiceGrpc.AsyncService {

    public static final AtomicReference<Object> LAST_REQUEST = new AtomicReference<>();
    public static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    public static final String OPERATION_ID = "01a21d40-01a0-7d62-ab83-f3e3cf065d64";
    public static final String UNKNOWN_OPERATION_ID = "01a21d40-0000-7000-8000-000000000000";
    static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    private static final StandInServer SERVER = new StandInServer(LAST_AUTHORIZATION);

    public static void startOn(int port) {
        FakeProvisioning fake = new FakeProvisioning();
        SERVER.serveOn(port, EnvironmentServiceGrpc.bindService(fake), OperationServiceGrpc.bindService(fake),
                DeploymentServiceGrpc.bindService(new FakeDeployments()),
                GoldenPathServiceGrpc.bindService(new FakeGoldenPaths()));
    }

    /** The grpc-encoding the last call's messages came in, or null for none. */
    public static String lastEncoding() {
        return SERVER.lastEncoding();
    }

    public static Operation operation(String environment, OperationType type) {
        return Operation.newBuilder().setId(OPERATION_ID).setType(type)
                .setTarget(Target.newBuilder().setKind("Environment").setName(environment).setId("env-1"))
                .setState(OperationState.OPERATION_STATE_PENDING).setRequestedBy("alice").setTeam("payments")
                .setCreatedAt(CREATED).setDeadline(Timestamp.newBuilder().setSeconds(1_800_000_900L))
                .addSteps(Step.newBuilder().setName("apply Namespace " + environment).setAction(StepAction.STEP_ACTION_APPLY)
                        .setObject(ObjectRef.newBuilder().setApiVersion("v1").setKind("Namespace").setName(environment))
                        .setState(StepState.STEP_STATE_PENDING))
                .build();
    }

    /** What provisioning-service answers a dry run: the unrecorded operation and the object it would apply. */
    static final String USED_IDEMPOTENCY_KEY = "key-used-before";

    public static Operation dryRun(String environment, OperationType type) {
        Operation operation = operation(environment, type);
        return operation.toBuilder().clearId().clearCreatedAt().clearDeadline().setDryRun(true)
                .addPlannedObjects(PlannedObject.newBuilder().setObject(operation.getSteps(0).getObject())
                        .setAction(StepAction.STEP_ACTION_APPLY)
                        .setManifest("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                                + environment + "\",\"labels\":{\"pod-security.kubernetes.io/enforce\":\"restricted\"}}}"))
                .build();
    }

    private static Operation answerTo(boolean dryRun, String environment, OperationType type) {
        return dryRun ? dryRun(environment, type) : operation(environment, type);
    }

    static Environment environment(String name) {
        return Environment.newBuilder().setId("env-1").setName(name).setTeam("payments").setApplication("web")
                .setStage("dev").setTier("small").setCluster("local").setNamespace(name)
                .setState(EnvironmentState.ENVIRONMENT_STATE_READY).setEtag("7").setCreatedBy("alice")
                .setCreatedAt(CREATED).setUpdatedAt(CREATED)
                .addDrift(Drift.newBuilder().setObject(ObjectRef.newBuilder().setApiVersion("v1")
                        .setKind("ServiceAccount").setNamespace(name).setName("workload"))
                        .setKind(DriftKind.DRIFT_KIND_MISSING).setDetail("deleted from the cluster").setRepaired(true)
                        .setDetectedAt(CREATED))
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

    @Override
    public void createEnvironment(CreateEnvironmentRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        if (request.getTeam().equals("ghosts")) {
            fail(response, 422, "UNKNOWN_TEAM", "The catalog has no team (Group) 'ghosts'.",
                    Violation.at("/team", "is not a Group in the catalog"));
            return;
        }
        // A key used before answers the operation recorded then, dry run or not, as provisioning-service does.
        boolean plan = request.getDryRun() && !request.getIdempotencyKey().equals(USED_IDEMPOTENCY_KEY);
        answer(response, answerTo(plan, request.getApplication() + "-" + request.getStage(),
                OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT));
    }

    @Override
    public void getEnvironment(GetEnvironmentRequest request, StreamObserver<Environment> response) {
        LAST_REQUEST.set(request);
        if (request.getName().equals("missing")) {
            fail(response, 404, "ENVIRONMENT_NOT_FOUND", "There is no environment 'missing'.");
            return;
        }
        answer(response, environment(request.getName()));
    }

    @Override
    public void listEnvironments(ListEnvironmentsRequest request, StreamObserver<ListEnvironmentsResponse> response) {
        LAST_REQUEST.set(request);
        answer(response, ListEnvironmentsResponse.newBuilder().addEnvironments(environment("web-dev"))
                .setPage(PageInfo.newBuilder().setNextCursor("next-page")).build());
    }

    @Override
    public void updateEnvironment(UpdateEnvironmentRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        if (!request.getIfMatch().isEmpty() && !request.getIfMatch().equals("7")) {
            fail(response, 412, "ENVIRONMENT_CHANGED", "Environment changed.");
            return;
        }
        answer(response, answerTo(request.getDryRun(), request.getName(), OperationType.OPERATION_TYPE_UPDATE_ENVIRONMENT));
    }

    @Override
    public void deleteEnvironment(DeleteEnvironmentRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        answer(response, answerTo(request.getDryRun(), request.getName(), OperationType.OPERATION_TYPE_DELETE_ENVIRONMENT));
    }

    @Override
    public void reconcileEnvironment(ReconcileEnvironmentRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        answer(response, answerTo(request.getDryRun(), request.getName(),
                OperationType.OPERATION_TYPE_RECONCILE_ENVIRONMENT));
    }

    @Override
    public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        if (!request.getId().equals(OPERATION_ID)) {
            fail(response, 404, "OPERATION_NOT_FOUND", "There is no operation " + request.getId() + ".");
            return;
        }
        answer(response, operation("web-dev", OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT));
    }

    @Override
    public void listOperations(ListOperationsRequest request, StreamObserver<ListOperationsResponse> response) {
        LAST_REQUEST.set(request);
        answer(response, ListOperationsResponse.newBuilder()
                .addOperations(operation("web-dev", OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT)).build());
    }

    @Override
    public void cancelOperation(CancelOperationRequest request, StreamObserver<Operation> response) {
        LAST_REQUEST.set(request);
        answer(response, operation("web-dev", OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT).toBuilder()
                .setState(OperationState.OPERATION_STATE_CANCELLED).setCancelRequested(true).build());
    }

    /** Three events, the last one final; those after {@code after_sequence}. */
    @Override
    public void watchOperation(WatchOperationRequest request, StreamObserver<OperationEvent> response) {
        LAST_REQUEST.set(request);
        if (!request.getId().equals(OPERATION_ID)) {
            fail(response, 404, "OPERATION_NOT_FOUND", "There is no operation " + request.getId() + ".");
            return;
        }
        List<OperationEvent> events = List.of(
                event(1, OperationEventType.OPERATION_EVENT_TYPE_OPERATION, OperationState.OPERATION_STATE_PENDING, ""),
                event(2, OperationEventType.OPERATION_EVENT_TYPE_STEP, OperationState.OPERATION_STATE_RUNNING,
                        "apply Namespace web-dev"),
                event(3, OperationEventType.OPERATION_EVENT_TYPE_OPERATION, OperationState.OPERATION_STATE_SUCCEEDED, ""));
        events.stream().filter(event -> event.getSequence() > request.getAfterSequence()).forEach(response::onNext);
        response.onCompleted();
    }

    private static OperationEvent event(long sequence, OperationEventType type, OperationState state, String step) {
        OperationEvent.Builder event = OperationEvent.newBuilder().setSequence(sequence).setOperationId(OPERATION_ID)
                .setTime(CREATED).setType(type).setOperationState(state).setMessage("event " + sequence);
        if (!step.isEmpty()) {
            event.setStep(step).setStepState(StepState.STEP_STATE_SUCCEEDED);
        }
        return event.build();
    }
}
