package dev.paved.gateway.api.operations;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.PlannedObject;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;

/** An operation as the REST API shows it: enum values without their proto prefixes, RFC 3339 UTC times. */
@Schema(name = "Operation", description = "Work that takes time: creating, changing, reconciling or deleting an "
        + "environment; deploying (also rolling back or promoting) or deleting a workload. Poll it, follow its events (SSE), or cancel it. A dry run answers the operation that would "
        + "run, never recorded: dryRun true, no id, createdAt or deadline, and plannedObjects.")
public record OperationJson(
        @Schema(description = "Absent on a dry run.") String id,
        @Schema(required = true, enumeration = { "CREATE_ENVIRONMENT", "UPDATE_ENVIRONMENT", "DELETE_ENVIRONMENT",
                "RECONCILE_ENVIRONMENT", "DEPLOY_WORKLOAD", "DELETE_WORKLOAD" }) String type,
        @Schema(required = true) Target target,
        @Schema(required = true, enumeration = { "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED" })
        String state,
        @Schema(required = true) List<StepJson> steps,
        @Schema(description = "Why it failed: a problem whose detail names the object that failed.") Problem error,
        @Schema(required = true) String requestedBy,
        @Schema(required = true) String team,
        @Schema(format = "date-time", description = "Absent on a dry run.") String createdAt,
        @Schema(format = "date-time") String startedAt,
        @Schema(format = "date-time") String finishedAt,
        @Schema(format = "date-time", description = "Absent on a dry run.") String deadline,
        @Schema(required = true) boolean cancelRequested,
        @Schema(required = true, description = "Whether this answers a dry run: what would happen; nothing was "
                + "recorded or applied.")
        boolean dryRun,
        @Schema(required = true, description = "On a dry run, each object the operation would act on, in step "
                + "order; empty otherwise.")
        List<PlannedObjectJson> plannedObjects,
        @Schema(description = "For workload operations: the workload's name.") String workload,
        @Schema(description = "For workload operations: the revision it applies.") Long revision,
        @Schema(description = "For workload operations: the environment's name.") String environment) {

    @Schema(name = "OperationTarget")
    public record Target(@Schema(required = true, enumeration = { "Environment", "Workload" }) String kind,
            @Schema(required = true, description = "For a Workload: <environment>/<workload>.") String name,
            @Schema(description = "Absent on the dry run of a create, before the environment has one.") String id) {
    }

    @Schema(name = "KubernetesObjectRef")
    public record ObjectRef(@Schema(required = true) String apiVersion, @Schema(required = true) String kind,
            @Schema(description = "Absent for cluster-scoped objects (the Namespace).") String namespace,
            @Schema(required = true) String name) {

        public static ObjectRef of(dev.paved.api.provisioning.v1.ObjectRef ref) {
            return new ObjectRef(ref.getApiVersion(), ref.getKind(), ref.getNamespace().isEmpty() ? null
                    : ref.getNamespace(), ref.getName());
        }
    }

    @Schema(name = "OperationStep")
    public record StepJson(
            @Schema(required = true) String name,
            @Schema(required = true, enumeration = { "APPLY", "DELETE", "RECONCILE", "PROVISION", "DEPROVISION",
                    "AWAIT_ROLLOUT" }) String action,
            @Schema(required = true) ObjectRef object,
            @Schema(required = true, enumeration = { "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED" })
            String state,
            @Schema(required = true) int attempts,
            String message,
            @Schema(format = "date-time") String startedAt,
            @Schema(format = "date-time") String finishedAt,
            @Schema(format = "date-time", description = "When a failed step is tried again.") String nextAttemptAt) {

        static StepJson of(Step step) {
            return new StepJson(step.getName(), unprefixed(step.getAction().name(), "STEP_ACTION_"),
                    ObjectRef.of(step.getObject()), unprefixed(step.getState().name(), "STEP_STATE_"),
                    step.getAttempts(), step.getMessage().isEmpty() ? null : step.getMessage(),
                    step.hasStartedAt() ? time(step.getStartedAt()) : null,
                    step.hasFinishedAt() ? time(step.getFinishedAt()) : null,
                    step.hasNextAttemptAt() ? time(step.getNextAttemptAt()) : null);
        }
    }

    @Schema(name = "PlannedObject", description = "A Kubernetes object a dry run's operation would act on.")
    public record PlannedObjectJson(
            @Schema(required = true) String apiVersion,
            @Schema(required = true) String kind,
            @Schema(description = "Absent for cluster-scoped objects (the Namespace).") String namespace,
            @Schema(required = true) String name,
            @Schema(required = true, enumeration = { "APPLY", "DELETE", "RECONCILE", "PROVISION", "DEPROVISION",
                    "AWAIT_ROLLOUT" }) String action,
            @Schema(required = true, type = SchemaType.OBJECT, description = "The object: for APPLY the manifest "
                    + "that would be applied; for DELETE and RECONCILE the manifest Paved last applied.")
            @JsonRawValue String manifest) {

        static PlannedObjectJson of(PlannedObject planned) {
            ObjectRef ref = ObjectRef.of(planned.getObject());
            // The manifest is JSON rendered by provisioning-service; it passes through unparsed.
            return new PlannedObjectJson(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(),
                    unprefixed(planned.getAction().name(), "STEP_ACTION_"), planned.getManifest());
        }
    }

    public static OperationJson of(Operation operation) {
        return new OperationJson(emptyToNull(operation.getId()),
                unprefixed(operation.getType().name(), "OPERATION_TYPE_"),
                new Target(operation.getTarget().getKind(), operation.getTarget().getName(),
                        emptyToNull(operation.getTarget().getId())),
                unprefixed(operation.getState().name(), "OPERATION_STATE_"),
                operation.getStepsList().stream().map(StepJson::of).toList(),
                operation.hasError() ? GrpcProblems.fromProto(operation.getError()) : null,
                operation.getRequestedBy(), operation.getTeam(),
                operation.hasCreatedAt() ? time(operation.getCreatedAt()) : null,
                operation.hasStartedAt() ? time(operation.getStartedAt()) : null,
                operation.hasFinishedAt() ? time(operation.getFinishedAt()) : null,
                operation.hasDeadline() ? time(operation.getDeadline()) : null, operation.getCancelRequested(),
                operation.getDryRun(), operation.getPlannedObjectsList().stream().map(PlannedObjectJson::of).toList(),
                emptyToNull(operation.getWorkload()), operation.getRevision() == 0 ? null : operation.getRevision(),
                emptyToNull(operation.getEnvironment()));
    }

    /** A dry run has no id, nor, for a create, an environment id yet; an environment's operation no workload. */
    public static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** {@code OPERATION_STATE_RUNNING} → {@code RUNNING}. */
    public static String unprefixed(String value, String prefix) {
        return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
    }

    public static String time(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
    }
}
