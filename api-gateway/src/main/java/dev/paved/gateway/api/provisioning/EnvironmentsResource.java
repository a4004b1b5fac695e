package dev.paved.gateway.api.provisioning;

import static dev.paved.common.paging.PageRequest.limitParameter;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.EnvironmentService;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsRequest;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.common.paging.Page;
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
 * Environments over REST, answered by provisioning-service over gRPC on behalf of the caller, who is
 * authorized there (members of the team and platform admins; anyone else gets 403). Changes answer
 * 202 with the operation that carries them out and its Location; an Idempotency-Key passes through.
 * With dryRun=true a change is checked the same way and answers 200 with the operation it would
 * make, never recorded, and the objects it would act on.
 */
@Path("/api/v1/environments")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Environments", description = "Self-service environments on Kubernetes, along the golden path.")
public class EnvironmentsResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String ACCEPTED = "Accepted: the operation that carries it out. Location: the operation.";
    private static final String PLANNED = "dryRun=true: the operation that would run (dryRun true, no id), its steps "
            + "and plannedObjects with their manifests. Nothing was recorded or applied.";
    private static final String BUSY = "Another operation on the environment has not finished yet.";
    private static final String CHANGED = "The environment changed since the caller read it: its ETag is no longer "
            + "the If-Match one.";
    private static final String KEY_REUSED = "The Idempotency-Key was used for another request.";
    private static final String DRY_RUN = "Check and plan only: the request is checked exactly as the real one "
            + "(failing the same way) and the answer shows what would happen; nothing is recorded, nothing reaches "
            + "Kubernetes, and an Idempotency-Key is not used up.";

    private final EnvironmentService environments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public EnvironmentsResource(@GrpcClient("provisioning") EnvironmentService environments,
            OnBehalfOfCaller onBehalf, Callers callers) {
        this.environments = environments;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private EnvironmentService environments() {
        callers.current();
        return onBehalf.client(environments);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEnvironment", summary = "Create an environment",
            description = "Checks the request (names, stage, tier, cluster, the team in the catalog, the caller's "
                    + "membership) and answers the operation that provisions it. The same Idempotency-Key and body "
                    + "answer the same operation; the same key with another body answers 422.")
    @APIResponse(responseCode = "202", description = ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "200", description = PLANNED + " The manifests carry the nil UUID as environment id, "
            + "which only the real create assigns.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = "An environment of that name, or of that team, application "
            + "and stage, exists already.")
    public Uni<Response> create(EnvironmentJson.CreateBody body,
            @Parameter(description = "Makes a retried request safe.") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun) {
        RequestBodies.required(body, "Send the environment to create.");
        CreateEnvironmentRequest request = CreateEnvironmentRequest.newBuilder()
                .setTeam(QueryParameters.orEmpty(body.team()))
                .setApplication(QueryParameters.orEmpty(body.application()))
                .setStage(QueryParameters.orEmpty(body.stage()))
                .setTier(QueryParameters.orEmpty(body.tier()))
                .setCluster(QueryParameters.orEmpty(body.cluster()))
                .setName(QueryParameters.orEmpty(body.name()))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .build();
        return environments().createEnvironment(request).map(OperationAnswers::of);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEnvironments", summary = "List environments",
            description = "The environments the caller may see, by name.")
    @APIResponse(responseCode = "200", description = "A page: {items, nextCursor}.")
    public Uni<Page<EnvironmentJson>> list(@QueryParam("team") String team,
            @QueryParam("application") String application, @QueryParam("stage") String stage,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        ListEnvironmentsRequest request = ListEnvironmentsRequest.newBuilder()
                .setTeam(QueryParameters.orEmpty(team))
                .setApplication(QueryParameters.orEmpty(application))
                .setStage(QueryParameters.orEmpty(stage))
                .setPage(PageRequest.newBuilder().setLimit(limitParameter(limit))
                        .setCursor(QueryParameters.orEmpty(cursor)))
                .build();
        return environments().listEnvironments(request).map(page -> new Page<>(
                page.getEnvironmentsList().stream().map(EnvironmentJson::of).toList(),
                page.getPage().getNextCursor().isEmpty() ? null : page.getPage().getNextCursor()));
    }

    @GET
    @Path("/{env}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getEnvironment", summary = "Read an environment")
    @APIResponse(responseCode = "200", description = "The environment; ETag guards changes.",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnvironmentJson.class)))
    public Uni<Response> get(@PathParam("env") String name) {
        return environments().getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build())
                .map(environment -> Response.ok(EnvironmentJson.of(environment))
                        .header("ETag", "\"" + environment.getEtag() + "\"").build());
    }

    @PATCH
    @Path("/{env}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeEnvironment", summary = "Change an environment's tier",
            description = "Re-applies the baseline with the new tier's quota and limits.")
    @APIResponse(responseCode = "202", description = ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "200", description = PLANNED + " The manifests are rendered with the new tier.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = BUSY)
    @APIResponse(responseCode = "412", description = CHANGED)
    public Uni<Response> change(@PathParam("env") String name, EnvironmentJson.ChangeBody body,
            @HeaderParam("If-Match") String ifMatch, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun) {
        RequestBodies.required(body, "Send the change.");
        UpdateEnvironmentRequest request = UpdateEnvironmentRequest.newBuilder().setName(name)
                .setTier(QueryParameters.orEmpty(body.tier()))
                .setIfMatch(QueryParameters.ifMatch(ifMatch))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .build();
        return environments().updateEnvironment(request).map(OperationAnswers::of);
    }

    @DELETE
    @Path("/{env}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteEnvironment", summary = "Tear an environment down",
            description = "Deletes exactly the objects Paved created for it, nothing else.")
    @APIResponse(responseCode = "202", description = ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "200", description = PLANNED + " The objects are those that would be deleted, as "
            + "Paved applied them.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = BUSY)
    @APIResponse(responseCode = "412", description = CHANGED)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Uni<Response> delete(@PathParam("env") String name, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun) {
        DeleteEnvironmentRequest request = DeleteEnvironmentRequest.newBuilder().setName(name)
                .setIfMatch(QueryParameters.ifMatch(ifMatch))
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun"))
                .build();
        return environments().deleteEnvironment(request).map(OperationAnswers::of);
    }

    @POST
    @Path("/{env}/reconcile")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reconcileEnvironment", summary = "Reconcile an environment now",
            description = "Compares what Paved applied with the cluster, re-applies what drifted or went missing, "
                    + "and records the drift on the environment.")
    @APIResponse(responseCode = "202", description = ACCEPTED,
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "200", description = PLANNED + " The objects are those that would be compared with "
            + "the cluster, as Paved applied them.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = BUSY)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    public Uni<Response> reconcile(@PathParam("env") String name, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun) {
        ReconcileEnvironmentRequest request = ReconcileEnvironmentRequest.newBuilder().setName(name)
                .setIdempotencyKey(QueryParameters.orEmpty(idempotencyKey))
                .setDryRun(QueryParameters.flag(dryRun, "dryRun")).build();
        return environments().reconcileEnvironment(request).map(OperationAnswers::of);
    }
}
