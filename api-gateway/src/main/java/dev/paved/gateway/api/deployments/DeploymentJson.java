package dev.paved.gateway.api.deployments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.util.RawValue;

import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentPlan;
import dev.paved.api.provisioning.v1.GuardrailDecision;
import dev.paved.api.provisioning.v1.ObjectDiff;
import dev.paved.api.provisioning.v1.ResolvedImage;
import dev.paved.api.provisioning.v1.Revision;
import dev.paved.api.provisioning.v1.Rollout;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.gateway.api.operations.JsonObjects;
import dev.paved.gateway.api.operations.OperationJson;
import dev.paved.gateway.domain.HealthRollUp;

/**
 * Workloads, revisions and deployments as the REST API shows them: camelCase fields, enum values as
 * words ({@code ROLLOUT_STATE_ROLLED_OUT} → {@code RolledOut}), RFC 3339 UTC times, and what a
 * backend rendered as JSON text (specs, manifests) as JSON objects.
 */
public final class DeploymentJson {

    private DeploymentJson() {
    }

    @Schema(name = "Workload", description = "An application's workload in an environment, deployed along a "
            + "golden path; each deployment of it is a numbered revision.")
    public record WorkloadJson(
            @Schema(required = true) String name,
            @Schema(required = true) String environment,
            @Schema(required = true) String namespace,
            @Schema(required = true) String team,
            @Schema(required = true) String application,
            @Schema(required = true) String stage,
            @Schema(description = "The catalog Component it belongs to, as an entity ref.",
                    examples = "component:default/checkout") String component,
            @Schema(description = "What runs it.", enumeration = { "Deployment", "CronJob" }) String kind,
            @Schema(required = true) String goldenPath,
            @Schema(required = true) String goldenPathVersion,
            @Schema(required = true, description = "The revision now deployed; 0 while the first one is being "
                    + "applied.") long currentRevision,
            @Schema(required = true, enumeration = { "Deploying", "Deployed", "Failed", "Deleting" }) String state,
            @Schema(description = "The rollout of the current revision.") RolloutJson rollout,
            @Schema(required = true, format = "date-time") String createdAt,
            @Schema(required = true, format = "date-time") String updatedAt) {

        static WorkloadJson of(Workload workload) {
            return new WorkloadJson(workload.getName(), workload.getEnvironment(), workload.getNamespace(),
                    workload.getTeam(), workload.getApplication(), workload.getStage(),
                    OperationJson.emptyToNull(workload.getComponent()), OperationJson.emptyToNull(workload.getKind()),
                    workload.getGoldenPath(), workload.getGoldenPathVersion(), workload.getCurrentRevision(),
                    word(workload.getState().name(), "WORKLOAD_STATE_"),
                    workload.hasRollout() ? RolloutJson.of(workload.getRollout()) : null,
                    OperationJson.time(workload.getCreatedAt()), OperationJson.time(workload.getUpdatedAt()));
        }
    }

    @Schema(name = "Rollout", description = "How far the pods of a revision have rolled out.")
    public record RolloutJson(
            @Schema(required = true, enumeration = { "Pending", "Progressing", "RolledOut", "Failed", "Superseded" },
                    description = "Pending until its objects are applied; Failed past the progress deadline or when "
                            + "its pods fail; Superseded when a newer revision came first.")
            String state,
            String message,
            @Schema(format = "date-time") String updatedAt,
            @Schema(required = true) int desiredReplicas,
            @Schema(required = true) int updatedReplicas,
            @Schema(required = true) int readyReplicas,
            @Schema(required = true) int availableReplicas) {

        static RolloutJson of(Rollout rollout) {
            return new RolloutJson(word(rollout.getState().name(), "ROLLOUT_STATE_"),
                    OperationJson.emptyToNull(rollout.getMessage()),
                    rollout.hasUpdatedAt() ? OperationJson.time(rollout.getUpdatedAt()) : null,
                    rollout.getDesiredReplicas(), rollout.getUpdatedReplicas(), rollout.getReadyReplicas(),
                    rollout.getAvailableReplicas());
        }
    }

    @Schema(name = "Revision", description = "One deployment of a workload: the spec as submitted, what it "
            + "rendered, the images it runs, who made it and how its rollout went.")
    public record RevisionJson(
            @Schema(required = true) long number,
            @Schema(required = true) String workload,
            @Schema(required = true) String environment,
            @Schema(required = true) String team,
            @Schema(required = true) String application,
            @Schema(required = true) String stage,
            @Schema(ref = "WorkloadSpec", description = "The spec as submitted (a Score file translated); secret "
                    + "values never appear in it.") Map<String, Object> spec,
            @Schema(required = true) String goldenPath,
            @Schema(required = true) String goldenPathVersion,
            @Schema(required = true, description = "sha256 of the rendered manifests.",
                    examples = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            String manifestsDigest,
            @Schema(required = true) List<ImageJson> images,
            @Schema(required = true) String createdBy,
            @Schema(format = "date-time", description = "Absent on a dry run.") String createdAt,
            @Schema(description = "The version label a CI pipeline gave.") String version,
            String commitSha,
            @Schema(format = "date-time") String commitTime,
            RolloutJson rollout,
            @Schema(description = "The operation that applied it; absent on a dry run.") String operationId,
            @Schema(description = "Made by a rollback: the revision rolled back to.") Long rolledBackTo,
            @Schema(description = "Made by a promotion: where from, as <environment>/<workload>#<revision>.")
            String promotedFrom,
            @Schema(type = SchemaType.ARRAY, implementation = KubernetesManifest.class, description = "The rendered "
                    + "objects, in apply order: on the read of one revision and on a dry run only.")
            List<RawValue> manifests) {

        static RevisionJson of(Revision revision) {
            return new RevisionJson(revision.getNumber(), revision.getWorkload(), revision.getEnvironment(),
                    revision.getTeam(), revision.getApplication(), revision.getStage(),
                    JsonObjects.parse(revision.getSpecJson()), revision.getGoldenPath(),
                    revision.getGoldenPathVersion(), revision.getManifestsDigest(),
                    revision.getImagesList().stream().map(ImageJson::of).toList(), revision.getCreatedBy(),
                    revision.hasCreatedAt() ? OperationJson.time(revision.getCreatedAt()) : null,
                    OperationJson.emptyToNull(revision.getVersion()),
                    OperationJson.emptyToNull(revision.getCommitSha()),
                    revision.hasCommitTime() ? OperationJson.time(revision.getCommitTime()) : null,
                    revision.hasRollout() ? RolloutJson.of(revision.getRollout()) : null,
                    OperationJson.emptyToNull(revision.getOperationId()),
                    revision.getRolledBackTo() == 0 ? null : revision.getRolledBackTo(),
                    OperationJson.emptyToNull(revision.getPromotedFrom()),
                    revision.getManifestsCount() == 0 ? null : raw(revision.getManifestsList()));
        }
    }

    @Schema(name = "ResolvedImage")
    public record ImageJson(
            @Schema(required = true, description = "The container it runs in.") String container,
            @Schema(required = true, description = "As given in the spec.") String reference,
            @Schema(description = "sha256:…; absent when the registry could not be asked at deploy time.")
            String digest) {

        static ImageJson of(ResolvedImage image) {
            return new ImageJson(image.getContainer(), image.getReference(),
                    OperationJson.emptyToNull(image.getDigest()));
        }
    }

    @Schema(name = "KubernetesManifest", additionalProperties = Schema.True.class,
            description = "A Kubernetes object as JSON, as Paved renders and applies it.")
    public record KubernetesManifest(@Schema(required = true) String apiVersion, @Schema(required = true) String kind,
            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "name, namespace, labels, annotations.") Map<String, Object> metadata) {
    }

    @Schema(name = "Deployment", description = "The answer to a deployment, rollback or promotion: the operation "
            + "that applies the new revision, and the revision; on a dry run also the plan.")
    public record DeploymentAnswer(
            @Schema(required = true) OperationJson operation,
            @Schema(required = true) RevisionJson revision,
            @Schema(description = "On a dry run only: what would be applied and what the guardrails decided.")
            PlanJson plan) {

        static DeploymentAnswer of(DeployResponse response) {
            return new DeploymentAnswer(OperationJson.of(response.getOperation()),
                    RevisionJson.of(response.getRevision()),
                    response.hasPlan() ? PlanJson.of(response.getPlan()) : null);
        }
    }

    @Schema(name = "DeploymentPlan")
    public record PlanJson(
            @Schema(required = true, type = SchemaType.ARRAY, implementation = KubernetesManifest.class,
                    description = "Each object as it would be applied, in apply order.")
            List<RawValue> manifests,
            @Schema(required = true) List<GuardrailJson> guardrails,
            @Schema(required = true, description = "Against what is live in the cluster.") List<DiffJson> diff) {

        static PlanJson of(DeploymentPlan plan) {
            return new PlanJson(raw(plan.getManifestsList()),
                    plan.getGuardrailsList().stream().map(GuardrailJson::of).toList(),
                    plan.getDiffList().stream().map(DiffJson::of).toList());
        }
    }

    @Schema(name = "GuardrailDecision")
    public record GuardrailJson(
            @Schema(required = true, examples = "allowed-registries") String guardrail,
            @Schema(required = true, enumeration = { "Passed", "Denied" }) String outcome,
            String detail,
            @Schema(description = "For a denial: the part of the spec it is about.", examples = "/image")
            String pointer) {

        static GuardrailJson of(GuardrailDecision decision) {
            return new GuardrailJson(decision.getGuardrail(), word(decision.getOutcome().name(), "GUARDRAIL_OUTCOME_"),
                    OperationJson.emptyToNull(decision.getDetail()), OperationJson.emptyToNull(decision.getPointer()));
        }
    }

    @Schema(name = "ObjectDiff")
    public record DiffJson(
            @Schema(required = true) OperationJson.ObjectRef object,
            @Schema(required = true, enumeration = { "Added", "Changed", "Removed", "Unchanged" }) String change,
            @Schema(required = true, description = "For Changed: the dotted paths of the fields that differ.")
            List<String> changedFields) {

        static DiffJson of(ObjectDiff diff) {
            return new DiffJson(OperationJson.ObjectRef.of(diff.getObject()),
                    word(diff.getChange().name(), "OBJECT_CHANGE_"), diff.getChangedFieldsList());
        }
    }

    @Schema(name = "ComponentDeployments", description = "Where a catalog Component runs, and how it is doing.")
    public record ComponentDeployments(
            @Schema(required = true, examples = "component:default/checkout") String component,
            @Schema(required = true, enumeration = { "Healthy", "Progressing", "Degraded", "Suspended", "Missing",
                    "Unknown" }, description = "The worst health of its environments; Healthy when it runs nowhere.")
            String health,
            @Schema(required = true) List<EnvironmentWorkloads> environments) {

        /** The workloads grouped by environment, in the order the backend listed them, each of unknown health. */
        static ComponentDeployments of(String component, List<Workload> workloads) {
            Map<String, List<Workload>> byEnvironment = new LinkedHashMap<>();
            workloads.forEach(workload -> byEnvironment.computeIfAbsent(workload.getEnvironment(),
                    environment -> new ArrayList<>()).add(workload));
            List<EnvironmentWorkloads> environments = byEnvironment.values().stream()
                    .map(group -> new EnvironmentWorkloads(group.get(0).getEnvironment(), group.get(0).getStage(),
                            group.get(0).getNamespace(), HealthRollUp.UNKNOWN,
                            group.stream().map(WorkloadJson::of).toList()))
                    .toList();
            return withEnvironments(component, environments);
        }

        /** With these environments, and the worst of their healths as its own. */
        public static ComponentDeployments withEnvironments(String component, List<EnvironmentWorkloads> environments) {
            return new ComponentDeployments(component,
                    HealthRollUp.worst(environments.stream().map(EnvironmentWorkloads::health).toList()), environments);
        }
    }

    @Schema(name = "ComponentEnvironment")
    public record EnvironmentWorkloads(
            @Schema(required = true) String environment,
            @Schema(required = true) String stage,
            @Schema(required = true) String namespace,
            @Schema(required = true, enumeration = { "Healthy", "Progressing", "Degraded", "Suspended", "Missing",
                    "Unknown" }, description = "The worst health of the Component's workloads here; Unknown when "
                            + "observability-service could not tell.") String health,
            @Schema(required = true) List<WorkloadJson> workloads) {

        public EnvironmentWorkloads withHealth(String newHealth) {
            return new EnvironmentWorkloads(environment, stage, namespace, newHealth, workloads);
        }
    }

    /** The body of a rollback. */
    @Schema(name = "RollbackRequest", additionalProperties = Schema.False.class)
    public record RollbackBody(
            @Schema(required = true, type = SchemaType.INTEGER, format = "int64", minimum = "1",
                    description = "The revision whose spec and image digests the new revision takes.")
            Object revision) {
    }

    /** The body of a promotion. */
    @Schema(name = "PromoteRequest", additionalProperties = Schema.False.class)
    public record PromoteBody(
            @Schema(description = "A later stage to skip ahead to, where configuration allows; the next stage when "
                    + "absent.") String stage) {
    }

    /**
     * Manifests are JSON objects that provisioning-service rendered (compact, as Jackson writes them):
     * they pass through as they came rather than being parsed and written again, which cost the gateway
     * most of its time per dry run.
     */
    private static List<RawValue> raw(List<String> manifests) {
        return manifests.stream().map(RawValue::new).toList();
    }

    /** {@code ROLLOUT_STATE_ROLLED_OUT} → {@code RolledOut}. */
    static String word(String value, String prefix) {
        StringBuilder word = new StringBuilder();
        for (String part : OperationJson.unprefixed(value, prefix).split("_")) {
            if (!part.isEmpty()) {
                word.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return word.toString();
    }
}
