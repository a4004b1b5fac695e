package dev.paved.gateway.api.deployments;

import static dev.paved.common.paging.PageRequest.limitParameter;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeploymentService;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.ListRevisionsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.PromoteRequest;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.common.paging.Page;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.api.RequestBodies;
import dev.paved.gateway.api.operations.OperationAnswers;
import dev.paved.gateway.api.operations.OperationJson;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * An environment's workloads over REST: read them and their revisions, roll back, promote and delete,
 * answered by provisioning-service over gRPC on behalf of the caller. Changes answer 202 with the
 * operation and its Location, dry runs 200, as deployments do.
 */
@Path("/api/v1/environments/{env}/workloads")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Deployments")
public class WorkloadsResource {

    private final DeploymentService deployments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public WorkloadsResource(@GrpcClient("provisioning") DeploymentService deployments, OnBehalfOfCaller onBehalf,
            Callers callers) {
        this.deployments = deployments;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private DeploymentService deployments() {
        callers.current();
        return onBehalf.client(deployments);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listWorkloads", summary = "List an environment's workloads",
            description = "By name, each with its current revision and rollout.")
    @APIResponse(responseCode = "200", description = "A page: {items, nextCursor}.")
    public Uni<Page<DeploymentJson.WorkloadJson>> list(@PathParam("env") String environment,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        ListWorkloadsRequest request = ListWorkloadsRequest.newBuilder().setEnvironment(environment)
                .setPage(page(limit, cursor)).build();
        return deployments().listWorkloads(request).map(page -> new Page<>(
                page.getWorkloadsList().stream().map(DeploymentJson.WorkloadJson::of).toList(),
                OperationJson.emptyToNull(page.getPage().getNextCursor())));
    }

    @GET
    @Path("/{workload}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWorkload", summary = "Read a workload")
    @APIResponse(responseCode = "200", description = "The workload.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.WorkloadJson.class)))
    public Uni<DeploymentJson.WorkloadJson> get(@PathParam("env") String environment,
            @PathParam("workload") String workload) {
        return deployments().getWorkload(GetWorkloadRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).build()).map(DeploymentJson.WorkloadJson::of);
    }

    @DELETE
    @Path("/{workload}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteWorkload", summary = "Remove a workload",
            description = "Deletes exactly its objects and its provisioned resources.")
    @APIResponse(responseCode = "202", description = "Accepted: the operation that removes it. Location: the "
            + "operation.",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "200", description = "dryRun=true: the operation that would run (dryRun true, no id) "
            + "and the objects it would delete, as Paved applied them. Nothing was recorded or deleted.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = DeploymentsResource.BUSY)
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another request.")
    public Uni<Response> delete(@PathParam("env") String environment, @PathParam("workload") String workload,
            @Parameter(description = "Makes a retried request safe.")
            @HeaderParam(DeploymentsResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DeploymentsResource.DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun) {
        DeleteWorkloadRequest request = DeleteWorkloadRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .build();
        return deployments().deleteWorkload(request).map(OperationAnswers::of);
    }

    @GET
    @Path("/{workload}/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRevisions", summary = "List a workload's revisions",
            description = "Newest first, without their manifests.")
    @APIResponse(responseCode = "200", description = "A page: {items, nextCursor}.")
    public Uni<Page<DeploymentJson.RevisionJson>> revisions(@PathParam("env") String environment,
            @PathParam("workload") String workload,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        ListRevisionsRequest request = ListRevisionsRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).setPage(page(limit, cursor)).build();
        return deployments().listRevisions(request).map(page -> new Page<>(
                page.getRevisionsList().stream().map(DeploymentJson.RevisionJson::of).toList(),
                OperationJson.emptyToNull(page.getPage().getNextCursor())));
    }

    @GET
    @Path("/{workload}/revisions/{revision}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRevision", summary = "Read a revision with its manifests")
    @APIResponse(responseCode = "200", description = "The revision and the objects it rendered.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.RevisionJson.class)))
    public Uni<DeploymentJson.RevisionJson> revision(@PathParam("env") String environment,
            @PathParam("workload") String workload,
            @Parameter(description = "The revision's number.", schema = @Schema(type = SchemaType.INTEGER,
                    format = "int64", minimum = "1")) @PathParam("revision") String revision) {
        GetRevisionRequest request = GetRevisionRequest.newBuilder().setEnvironment(environment).setWorkload(workload)
                .setRevision(revisionNumber(revision)).build();
        return deployments().getRevision(request).map(DeploymentJson.RevisionJson::of);
    }

    @POST
    @Path("/{workload}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rollbackWorkload", summary = "Roll a workload back",
            description = "Deploys a new revision with the spec and image digests of an earlier one.")
    @RequestBody(required = true)
    @APIResponse(responseCode = "202", description = DeploymentsResource.ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "200", description = DeploymentsResource.PLANNED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "409", description = DeploymentsResource.BUSY)
    @APIResponse(responseCode = "422", description = "No revision, or one that is not a whole number of 1 or more; "
            + "a guardrail that denies it now; an Idempotency-Key used for another request.")
    public Uni<Response> rollback(@PathParam("env") String environment, @PathParam("workload") String workload,
            DeploymentJson.RollbackBody body,
            @Parameter(description = "Makes a retried request safe.")
            @HeaderParam(DeploymentsResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DeploymentsResource.DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun,
            @Parameter(description = DeploymentsResource.WAIT,
                    schema = @Schema(type = SchemaType.STRING, enumeration = DeploymentParameters.WAIT_FOR_ROLLOUT))
            @QueryParam("wait") String wait) {
        RollbackRequest request = RollbackRequest.newBuilder().setEnvironment(environment).setWorkload(workload)
                .setRevision(rollbackTarget(body))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .setWaitForRollout(DeploymentParameters.waitForRollout(wait)).build();
        return deployments().rollback(request).map(DeploymentsResource::answer);
    }

    @POST
    @Path("/{workload}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "promoteWorkload", summary = "Promote a workload to the next stage",
            description = "Deploys the workload's current revision into the next stage's environment of the same "
                    + "team and application, its images pinned by digest.")
    @RequestBody(required = true)
    @APIResponse(responseCode = "202", description = DeploymentsResource.ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "200", description = DeploymentsResource.PLANNED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.DeploymentAnswer.class)))
    @APIResponse(responseCode = "409", description = DeploymentsResource.BUSY)
    @APIResponse(responseCode = "422", description = "The last stage has no next one, the stage cannot be skipped "
            + "to, or the next stage's guardrails deny it.")
    public Uni<Response> promote(@PathParam("env") String environment, @PathParam("workload") String workload,
            DeploymentJson.PromoteBody body,
            @Parameter(description = "Makes a retried request safe.")
            @HeaderParam(DeploymentsResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DeploymentsResource.DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun,
            @Parameter(description = DeploymentsResource.WAIT,
                    schema = @Schema(type = SchemaType.STRING, enumeration = DeploymentParameters.WAIT_FOR_ROLLOUT))
            @QueryParam("wait") String wait) {
        RequestBodies.required(body, "Send {} or the stage to promote to.");
        PromoteRequest request = PromoteRequest.newBuilder().setEnvironment(environment).setWorkload(workload)
                .setStage(QueryParameters.orEmpty(body.stage()))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .setWaitForRollout(DeploymentParameters.waitForRollout(wait)).build();
        return deployments().promote(request).map(DeploymentsResource::answer);
    }

    private static PageRequest page(String limit, String cursor) {
        return PageRequest.newBuilder().setLimit(limitParameter(limit)).setCursor(QueryParameters.orEmpty(cursor))
                .build();
    }

    private static long revisionNumber(String revision) {
        try {
            long number = Long.parseLong(revision);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // Refused below, like any other number below 1.
        }
        throw ProblemException.badRequest("INVALID_REVISION", "A revision is a whole number of 1 or more.",
                Violation.parameter("revision", "must be a whole number of 1 or more, was " + revision));
    }

    private static long rollbackTarget(DeploymentJson.RollbackBody body) {
        Object revision = body == null ? null : body.revision();
        if ((revision instanceof Integer || revision instanceof Long) && ((Number) revision).longValue() >= 1) {
            return ((Number) revision).longValue();
        }
        throw ProblemException.invalid("INVALID_REVISION", "Name the revision to roll back to.",
                List.of(Violation.at("/revision", revision == null ? "is required"
                        : "must be a whole number of 1 or more")));
    }
}
