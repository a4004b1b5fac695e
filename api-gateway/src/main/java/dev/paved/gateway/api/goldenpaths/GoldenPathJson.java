package dev.paved.gateway.api.goldenpaths;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.provisioning.v1.GoldenPath;
import dev.paved.api.provisioning.v1.GoldenPathVersion;
import dev.paved.gateway.api.operations.JsonObjects;
import dev.paved.gateway.api.operations.OperationJson;

/** A golden path as the REST API shows it. */
@Schema(name = "GoldenPath", description = "A versioned template that turns a workload spec into Kubernetes objects "
        + "with everything the platform team knows is right.")
public record GoldenPathJson(
        @Schema(required = true, examples = "web-service") String name,
        @Schema(required = true) String description,
        @Schema(description = "The newest version that is not deprecated; absent when all are.", examples = "1.0.0")
        String latestVersion,
        @Schema(description = "The version latestVersion names, with its parameters schema, from which a portal "
                + "draws a form; in the list without its template. Absent when all versions are deprecated.")
        VersionJson latest,
        @Schema(description = "Every version, newest first; on the read of one golden path only.")
        List<VersionJson> versions) {

    static GoldenPathJson listed(GoldenPath path) {
        return new GoldenPathJson(path.getName(), path.getDescription(),
                OperationJson.emptyToNull(path.getLatestVersion()), latestOf(path), null);
    }

    static GoldenPathJson of(GoldenPath path) {
        return new GoldenPathJson(path.getName(), path.getDescription(),
                OperationJson.emptyToNull(path.getLatestVersion()), latestOf(path),
                path.getVersionsList().stream().map(VersionJson::of).toList());
    }

    private static VersionJson latestOf(GoldenPath path) {
        return path.hasLatest() ? VersionJson.of(path.getLatest()) : null;
    }

    @Schema(name = "GoldenPathVersion")
    public record VersionJson(
            @Schema(required = true, description = "The golden path's name.") String name,
            @Schema(required = true, description = "MAJOR.MINOR.PATCH.", examples = "1.0.0") String version,
            String description,
            @Schema(description = "The JSON Schema (2020-12) of the golden path's parameters, from which a portal "
                    + "can draw a form.")
            Map<String, Object> parametersSchema,
            @Schema(description = "The Qute template: a YAML stream of the objects it renders.") String template,
            @Schema(required = true, enumeration = { "Deployment", "CronJob" }) String workloadKind,
            @Schema(required = true, description = "New deployments cannot name a deprecated version; revisions "
                    + "made with it keep it.") boolean deprecated,
            @Schema(required = true, description = "Shipped with Paved rather than registered.") boolean builtIn,
            String createdBy,
            @Schema(format = "date-time") String createdAt) {

        static VersionJson of(GoldenPathVersion version) {
            return new VersionJson(version.getName(), version.getVersion(),
                    OperationJson.emptyToNull(version.getDescription()),
                    JsonObjects.parse(version.getParametersSchema()), OperationJson.emptyToNull(version.getTemplate()),
                    version.getWorkloadKind(), version.getDeprecated(), version.getBuiltIn(),
                    OperationJson.emptyToNull(version.getCreatedBy()),
                    version.hasCreatedAt() ? OperationJson.time(version.getCreatedAt()) : null);
        }
    }

    /** The body of a registration. */
    @Schema(name = "GoldenPathVersionRequest", additionalProperties = Schema.False.class)
    public record RegisterBody(
            @Schema(required = true, description = "MAJOR.MINOR.PATCH, not taken yet.", examples = "1.1.0")
            String version,
            String description,
            @Schema(required = true, description = "The JSON Schema (2020-12) of the parameters; at most 262,144 "
                    + "characters as JSON.")
            Map<String, Object> parametersSchema,
            @Schema(required = true, description = "A Qute template rendering a YAML stream of objects; at most "
                    + "262,144 characters.")
            String template,
            @Schema(required = true, enumeration = { "Deployment", "CronJob" }) String workloadKind) {
    }
}
