package dev.paved.gateway.api.provisioning;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.provisioning.v1.Drift;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.gateway.api.operations.OperationJson;

/** An environment as the REST API shows it. */
@Schema(name = "Environment", description = "One namespace with the golden-path baseline, for a team's application "
        + "in a stage, on a cluster.")
public record EnvironmentJson(
        @Schema(required = true) String id,
        @Schema(required = true) String name,
        @Schema(required = true) String team,
        @Schema(required = true) String application,
        @Schema(required = true) String stage,
        @Schema(required = true) String tier,
        @Schema(required = true) String cluster,
        @Schema(required = true) String namespace,
        @Schema(required = true, enumeration = { "PROVISIONING", "READY", "UPDATING", "DELETING", "FAILED" })
        String state,
        @Schema(required = true, description = "What the reconciler found different from what Paved applied, "
                + "newest first.")
        List<DriftJson> drift,
        @Schema(format = "date-time", description = "Absent until the reconciler first compared it.")
        String lastReconciledAt,
        @Schema(description = "The operation that last changed it.") String lastOperationId,
        @Schema(required = true) String createdBy,
        @Schema(required = true, format = "date-time") String createdAt,
        @Schema(required = true, format = "date-time") String updatedAt) {

    @Schema(name = "EnvironmentDrift")
    public record DriftJson(@Schema(required = true) OperationJson.ObjectRef object,
            @Schema(required = true, enumeration = { "MISSING", "MODIFIED" }) String kind,
            @Schema(required = true) String detail,
            @Schema(required = true, format = "date-time") String detectedAt,
            @Schema(required = true) boolean repaired) {

        static DriftJson of(Drift drift) {
            return new DriftJson(OperationJson.ObjectRef.of(drift.getObject()),
                    OperationJson.unprefixed(drift.getKind().name(), "DRIFT_KIND_"), drift.getDetail(),
                    OperationJson.time(drift.getDetectedAt()), drift.getRepaired());
        }
    }

    static EnvironmentJson of(Environment environment) {
        return new EnvironmentJson(environment.getId(), environment.getName(), environment.getTeam(),
                environment.getApplication(), environment.getStage(), environment.getTier(), environment.getCluster(),
                environment.getNamespace(), OperationJson.unprefixed(environment.getState().name(), "ENVIRONMENT_STATE_"),
                environment.getDriftList().stream().map(DriftJson::of).toList(),
                environment.hasLastReconciledAt() ? OperationJson.time(environment.getLastReconciledAt()) : null,
                environment.getLastOperationId().isEmpty() ? null : environment.getLastOperationId(),
                environment.getCreatedBy(), OperationJson.time(environment.getCreatedAt()),
                OperationJson.time(environment.getUpdatedAt()));
    }

    /** The body of a create. */
    @Schema(name = "EnvironmentRequest", additionalProperties = Schema.False.class)
    public record CreateBody(
            @Schema(required = true, description = "A catalog Group the caller belongs to.") String team,
            @Schema(required = true, description = "A DNS-1123 label.") String application,
            @Schema(required = true, description = "dev, staging or prod unless configured otherwise.") String stage,
            @Schema(description = "A size tier; the default tier when absent.") String tier,
            @Schema(description = "A cluster; the default cluster when absent.") String cluster,
            @Schema(description = "The environment's and namespace's name; <application>-<stage> when absent.")
            String name) {
    }

    /** The body of a change: the new tier. */
    @Schema(name = "EnvironmentChange", additionalProperties = Schema.False.class)
    public record ChangeBody(@Schema(required = true) String tier) {
    }
}
