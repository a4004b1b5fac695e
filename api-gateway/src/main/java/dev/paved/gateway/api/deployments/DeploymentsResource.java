package dev.paved.gateway.api.deployments;

import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentService;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.api.RequestBodies;
import dev.paved.gateway.api.operations.OperationAnswers;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * Deployments over REST, answered by provisioning-service over gRPC on behalf of the caller, who is
 * authorized there as for the environment. A native spec (JSON) or a Score file (YAML) passes on as
 * it came, so that every problem points into what the caller sent. A deployment answers 202 with the
 * operation that applies the new revision and the operation's Location; a dry run answers 200 with
 * the plan, and nothing is recorded.
 */
@Path("/api/v1/environments/{env}/deployments")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Deployments", description = "Workloads deployed along golden paths: revisions, rollback, promotion.")
public class DeploymentsResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String YAML = "application/yaml";
    static final String ACCEPTED = "Accepted: the operation that applies the new revision, and the revision. "
            + "Location: the operation.";
    static final String PLANNED = "dryRun=true: the revision as it would be (its number included), the operation "
            + "that would apply it (dryRun true, no id) and the plan: the rendered manifests, every guardrail's "
            + "decision and the diff against what is live. Nothing was recorded or applied.";
    static final String BUSY = "Another operation on the workload, or on its environment, has not finished yet.";
    static final String INVALID = "Invalid input, one error per problem, each with a pointer and a stable code: an "
            + "unknown field, golden path or version, parameters that fail the golden path's schema, a guardrail "
            + "that denies the spec, or an Idempotency-Key used for another request.";
    static final String DRY_RUN = "Check and plan only: the request is checked exactly as the real one (failing the "
            + "same way) and the answer shows what would happen; nothing is recorded, nothing reaches Kubernetes, and "
            + "an Idempotency-Key is not used up.";
    static final String NATIVE_EXAMPLE = "{\"name\": \"checkout\", \"image\": \"ghcr.io/acme/checkout:1.4.2\", "
            + "\"replicas\": 2, \"ports\": [{\"name\": \"http\", \"port\": 8080}], \"resources\": {\"requests\": "
            + "{\"cpu\": \"250m\", \"memory\": \"256Mi\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"512Mi\"}}, "
            + "\"readinessProbe\": {\"httpGet\": {\"path\": \"/ready\", \"port\": 8080}}}";
    static final String SCORE_EXAMPLE = """
            apiVersion: score.dev/v1b1
            metadata:
              name: checkout
            containers:
              main:
                image: ghcr.io/acme/checkout:1.4.2
                variables:
                  DATABASE_URL: postgres://${resources.db.host}:${resources.db.port}/${resources.db.name}
            service:
              ports:
                http:
                  port: 8080
            resources:
              db:
                type: postgres
            """;
    static final String WAIT = "rollout: the operation stays open until the rollout ends, and fails when it fails.";

    private final DeploymentService deployments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public DeploymentsResource(@GrpcClient("provisioning") DeploymentService deployments, OnBehalfOfCaller onBehalf,
            Callers callers) {
        this.deployments = deployments;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private DeploymentService deployments() {
        callers.current();
        return onBehalf.client(deployments);
    }

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deployWorkload", summary = "Deploy a workload",
            description = "Renders the spec along its golden path, checks it against the platform's guardrails and "
                    + "answers the operation that applies it: a new revision of the workload. Query parameters "
                    + "param.NAME=value set the golden path's parameters (for a Score file, which has no place for "
                    + "them). The same Idempotency-Key and request answer the same operation. A spec may have at "
                    + "most 1,048,576 characters (400 INVALID_SPEC), and a Score file's lines at most 262,144 (400 "
                    + "YAML_LINE_TOO_LONG).")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkloadSpec.class),
                    examples = @ExampleObject(name = "web-service", value = NATIVE_EXAMPLE)),
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING, description = "A Score file "
                    + "(apiVersion: score.dev/v1b1)."),
                    examples = @ExampleObject(name = "score", value = SCORE_EXAMPLE)),
            @Content(mediaType = "application/x-yaml", schema = @Schema(type = SchemaType.STRING,
                    description = "A Score file, as application/yaml.")),
            @Content(mediaType = "text/yaml", schema = @Schema(type = SchemaType.STRING,
                    description = "A Score file, as application/yaml.")) })
    @APIResponse(responseCode = "202", description = ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "200", description = PLANNED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "409", description = BUSY)
    @APIResponse(responseCode = "422", description = INVALID)
    public Uni<Response> deploy(@PathParam("env") String environment, String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "Makes a retried request safe.") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun,
            @Parameter(description = WAIT, schema = @Schema(type = SchemaType.STRING,
                    enumeration = DeploymentParameters.WAIT_FOR_ROLLOUT))
            @QueryParam("wait") String wait,
            @Parameter(description = "The golden path; the spec's, else web-service.") @QueryParam("goldenPath")
            String goldenPath,
            @Parameter(description = "The golden path's version; the spec's, else the latest.")
            @QueryParam("goldenPathVersion") String goldenPathVersion,
            @Parameter(description = "Overrides the spec's replicas.", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "0", maximum = "1000")) @QueryParam("replicas") String replicas,
            @Parameter(description = "A version label of the build, kept with the revision.",
                    schema = @Schema(type = SchemaType.STRING, maxLength = 128)) @QueryParam("version") String version,
            @Parameter(description = "The commit built, 7 to 64 hexadecimal digits.",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9a-fA-F]{7,64}$"))
            @QueryParam("commitSha") String commitSha,
            @Parameter(description = "The commit's time, RFC 3339.", schema = @Schema(type = SchemaType.STRING,
                    format = "date-time")) @QueryParam("commitTime") String commitTime,
            @Context UriInfo uri) {
        RequestBodies.required(body, "Send the workload spec or Score file to deploy.");
        DeployRequest.Builder request = DeployRequest.newBuilder().setEnvironment(environment)
                .setGoldenPath(QueryParameters.orEmpty(goldenPath))
                .setGoldenPathVersion(QueryParameters.orEmpty(goldenPathVersion))
                .putAllParameters(DeploymentParameters.goldenPathParameters(uri.getQueryParameters()))
                .setVersion(QueryParameters.orEmpty(version))
                .setCommitSha(QueryParameters.orEmpty(commitSha))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .setWaitForRollout(DeploymentParameters.waitForRollout(wait));
        if (isYaml(contentType)) {
            request.setScoreYaml(body);
        } else {
            request.setSpecJson(body);
        }
        Integer replicaCount = DeploymentParameters.replicas(replicas);
        if (replicaCount != null) {
            request.setReplicas(replicaCount);
        }
        Timestamp committed = DeploymentParameters.commitTime(commitTime);
        if (committed != null) {
            request.setCommitTime(committed);
        }
        return deployments().deploy(request.build()).map(DeploymentsResource::answer);
    }

    private static boolean isYaml(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
    }

    /** As any change: a plan is 200, a recorded deployment 202 with its operation's Location. */
    static Response answer(DeployResponse response) {
        return OperationAnswers.of(response.getOperation(), DeploymentJson.DeploymentAnswer.of(response));
    }
}
