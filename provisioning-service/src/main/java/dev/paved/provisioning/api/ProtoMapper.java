package dev.paved.provisioning.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.Drift;
import dev.paved.api.provisioning.v1.DriftKind;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.ObjectRef;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationEventType;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.PlannedObject;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.api.provisioning.v1.StepAction;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.api.provisioning.v1.Target;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.environments.domain.EnvironmentView;
import dev.paved.provisioning.operations.domain.OperationLifecycle;
import dev.paved.provisioning.operations.domain.OperationView;
import dev.paved.provisioning.operations.domain.PlannedStep;

/** From the domain to the paved.provisioning.v1 messages. */
@ApplicationScoped
public class ProtoMapper {

    private final OperationLifecycle lifecycle;

    public ProtoMapper(OperationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public Environment environment(EnvironmentView view) {
        dev.paved.provisioning.environments.domain.Environment environment = view.environment();
        Environment.Builder message = Environment.newBuilder()
                .setId(environment.id().toString())
                .setName(environment.name())
                .setTeam(environment.team())
                .setApplication(environment.application())
                .setStage(environment.stage())
                .setTier(environment.tier())
                .setCluster(environment.cluster())
                .setNamespace(environment.namespace())
                .setState(EnvironmentState.valueOf("ENVIRONMENT_STATE_" + environment.state().name()))
                .setEtag(environment.etag())
                .setCreatedBy(environment.createdBy())
                .setCreatedAt(timestamp(environment.createdAt()))
                .setUpdatedAt(timestamp(environment.updatedAt()));
        if (environment.lastReconciledAt() != null) {
            message.setLastReconciledAt(timestamp(environment.lastReconciledAt()));
        }
        if (environment.lastOperationId() != null) {
            message.setLastOperationId(environment.lastOperationId().toString());
        }
        for (dev.paved.provisioning.environments.domain.Drift drift : view.drift()) {
            message.addDrift(Drift.newBuilder()
                    .setObject(ref(drift.object()))
                    .setKind(DriftKind.valueOf("DRIFT_KIND_" + drift.kind().name()))
                    .setDetail(drift.detail())
                    .setDetectedAt(timestamp(drift.detectedAt()))
                    .setRepaired(drift.repaired()));
        }
        return message.build();
    }

    public Operation operation(OperationView view) {
        dev.paved.provisioning.operations.domain.Operation operation = view.operation();
        Target.Builder target = operation.workload() == null
                ? Target.newBuilder().setKind("Environment").setName(operation.environmentName())
                : Target.newBuilder().setKind("Workload")
                        .setName(operation.environmentName() + "/" + operation.workload());
        Operation.Builder message = Operation.newBuilder()
                .setType(OperationType.valueOf("OPERATION_TYPE_" + operation.type().name()))
                .setState(operationState(operation.state()))
                .setRequestedBy(operation.requestedBy())
                .setTeam(operation.team())
                .setCancelRequested(operation.cancelRequested())
                .setDryRun(view.dryRun())
                .setEnvironment(operation.environmentName());
        if (operation.workload() != null) {
            message.setWorkload(operation.workload());
        }
        if (operation.revision() != null) {
            message.setRevision(operation.revision());
        }
        // A dry run was never recorded: it has no id or times, nor, for a create, an environment id.
        if (operation.id() != null) {
            message.setId(operation.id().toString());
        }
        if (operation.environmentId() != null) {
            target.setId(operation.environmentId().toString());
        }
        message.setTarget(target);
        if (operation.createdAt() != null) {
            message.setCreatedAt(timestamp(operation.createdAt()));
        }
        if (operation.deadline() != null) {
            message.setDeadline(timestamp(operation.deadline()));
        }
        if (operation.startedAt() != null) {
            message.setStartedAt(timestamp(operation.startedAt()));
        }
        if (operation.finishedAt() != null) {
            message.setFinishedAt(timestamp(operation.finishedAt()));
        }
        Problem error = lifecycle.readProblem(operation.error());
        if (error != null) {
            message.setError(GrpcProblems.toProto(error));
        }
        for (dev.paved.provisioning.operations.domain.Step step : view.steps()) {
            Step.Builder stepMessage = Step.newBuilder()
                    .setName(step.name())
                    .setAction(StepAction.valueOf("STEP_ACTION_" + step.action().name()))
                    .setObject(ref(step.object()))
                    .setState(stepState(step.state()))
                    .setAttempts(step.attempts());
            if (step.message() != null) {
                stepMessage.setMessage(step.message());
            }
            if (step.startedAt() != null) {
                stepMessage.setStartedAt(timestamp(step.startedAt()));
            }
            if (step.finishedAt() != null) {
                stepMessage.setFinishedAt(timestamp(step.finishedAt()));
            }
            if (step.nextAttemptAt() != null) {
                stepMessage.setNextAttemptAt(timestamp(step.nextAttemptAt()));
            }
            message.addSteps(stepMessage);
        }
        for (PlannedStep planned : view.plannedObjects()) {
            PlannedObject.Builder plannedObject = PlannedObject.newBuilder()
                    .setObject(ref(planned.object()))
                    .setAction(StepAction.valueOf("STEP_ACTION_" + planned.action().name()));
            if (planned.manifest() != null) {
                plannedObject.setManifest(planned.manifest());
            }
            message.addPlannedObjects(plannedObject);
        }
        return message.build();
    }

    public OperationEvent event(dev.paved.provisioning.operations.domain.OperationEvent event) {
        OperationEvent.Builder message = OperationEvent.newBuilder()
                .setSequence(event.sequence())
                .setOperationId(event.operationId().toString())
                .setTime(timestamp(event.at()))
                .setType(OperationEventType.valueOf("OPERATION_EVENT_TYPE_" + event.type().name()))
                .setOperationState(operationState(event.operationState()));
        if (event.step() != null) {
            message.setStep(event.step());
        }
        if (event.stepState() != null) {
            message.setStepState(stepState(event.stepState()));
        }
        if (event.message() != null) {
            message.setMessage(event.message());
        }
        return message.build();
    }

    /** The state a list filters on; null for none. A number this contract does not know is refused, not ignored. */
    public static dev.paved.provisioning.operations.domain.OperationState operationState(OperationState state) {
        return switch (state) {
            case OPERATION_STATE_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw unknownFilter("state",
                    dev.paved.provisioning.operations.domain.OperationState.values());
            default -> dev.paved.provisioning.operations.domain.OperationState
                    .valueOf(state.name().substring("OPERATION_STATE_".length()));
        };
    }

    /** The type a list filters on; null for none. A number this contract does not know is refused, not ignored. */
    public static dev.paved.provisioning.operations.domain.OperationType operationType(OperationType type) {
        return switch (type) {
            case OPERATION_TYPE_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw unknownFilter("type",
                    dev.paved.provisioning.operations.domain.OperationType.values());
            default -> dev.paved.provisioning.operations.domain.OperationType
                    .valueOf(type.name().substring("OPERATION_TYPE_".length()));
        };
    }

    /** As the REST API refuses a filter value it does not know. */
    private static ProblemException unknownFilter(String parameter, Enum<?>[] known) {
        return new ProblemException(400, "INVALID_FILTER", "The " + parameter + " filter is not valid.",
                List.of(Violation.parameter(parameter, "must be one of " + String.join(", ",
                        Arrays.stream(known).map(Enum::name).toList()))));
    }

    private static OperationState operationState(dev.paved.provisioning.operations.domain.OperationState state) {
        return OperationState.valueOf("OPERATION_STATE_" + state.name());
    }

    private static StepState stepState(dev.paved.provisioning.operations.domain.StepState state) {
        return StepState.valueOf("STEP_STATE_" + state.name());
    }

    public static ObjectRef ref(dev.paved.provisioning.domain.ObjectRef ref) {
        return ObjectRef.newBuilder().setApiVersion(ref.apiVersion()).setKind(ref.kind())
                .setNamespace(ref.namespace()).setName(ref.name()).build();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
