package dev.paved.gateway.api.goldenpaths;

import java.net.URI;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GoldenPathService;
import dev.paved.api.provisioning.v1.ListGoldenPathsRequest;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.common.paging.Page;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.api.RequestBodies;
import dev.paved.gateway.api.operations.JsonObjects;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * Golden paths over REST, answered by provisioning-service over gRPC on behalf of the caller: anyone
 * signed in reads them; registering and deprecating a version is for platform admins, which
 * provisioning-service decides (403 otherwise).
 */
@Path("/api/v1/golden-paths")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Golden paths", description = "Versioned templates of workloads, with the JSON Schema of their "
        + "parameters.")
public class GoldenPathsResource {

    private final GoldenPathService goldenPaths;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public GoldenPathsResource(@GrpcClient("provisioning") GoldenPathService goldenPaths, OnBehalfOfCaller onBehalf,
            Callers callers) {
        this.goldenPaths = goldenPaths;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private GoldenPathService goldenPaths() {
        callers.current();
        return onBehalf.client(goldenPaths);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listGoldenPaths", summary = "List golden paths",
            description = "Every golden path by name, with its latest version; all on one page.")
    @APIResponse(responseCode = "200", description = "{items}.")
    public Uni<Page<GoldenPathJson>> list() {
        return goldenPaths().listGoldenPaths(ListGoldenPathsRequest.getDefaultInstance())
                .map(answer -> new Page<>(answer.getGoldenPathsList().stream().map(GoldenPathJson::listed).toList(),
                        null));
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getGoldenPath", summary = "Read a golden path with its versions")
    @APIResponse(responseCode = "200", description = "The golden path and every version, newest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GoldenPathJson.class)))
    public Uni<GoldenPathJson> get(@PathParam("name") String name) {
        return goldenPaths().getGoldenPath(GetGoldenPathRequest.newBuilder().setName(name).build())
                .map(GoldenPathJson::of);
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getGoldenPathVersion", summary = "Read a version of a golden path",
            description = "With its parameters' JSON Schema and its template.")
    @APIResponse(responseCode = "200", description = "The version.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GoldenPathJson.VersionJson.class)))
    public Uni<GoldenPathJson.VersionJson> version(@PathParam("name") String name,
            @PathParam("version") String version) {
        return goldenPaths().getGoldenPathVersion(GetGoldenPathVersionRequest.newBuilder().setName(name)
                .setVersion(version).build()).map(GoldenPathJson.VersionJson::of);
    }

    @POST
    @Path("/{name}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerGoldenPathVersion", summary = "Register a version of a golden path",
            description = "Platform admins only. Creates the golden path with its first version, or adds a version; "
                    + "versions are immutable. The golden path is published to the catalog as a Template.")
    @APIResponse(responseCode = "201", description = "Registered. Location: the version.",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GoldenPathJson.VersionJson.class)))
    @APIResponse(responseCode = "409", description = "The version exists already.")
    @APIResponse(responseCode = "422", description = "A parameters schema that is not a valid JSON Schema, or a "
            + "template that does not parse, or either longer than 262,144 characters (a malformed name, version or "
            + "workload kind is a 400).")
    public Uni<Response> register(@PathParam("name") String name, GoldenPathJson.RegisterBody body) {
        RequestBodies.required(body, "Send the version to register.");
        RegisterGoldenPathVersionRequest request = RegisterGoldenPathVersionRequest.newBuilder().setName(name)
                .setVersion(QueryParameters.orEmpty(body.version()))
                .setDescription(QueryParameters.orEmpty(body.description()))
                .setParametersSchema(parametersSchema(body.parametersSchema()))
                .setTemplate(QueryParameters.orEmpty(body.template()))
                .setWorkloadKind(QueryParameters.orEmpty(body.workloadKind()))
                .build();
        return goldenPaths().registerGoldenPathVersion(request)
                .map(version -> Response.created(URI.create("/api/v1/golden-paths/" + version.getName()
                        + "/versions/" + version.getVersion())).entity(GoldenPathJson.VersionJson.of(version)).build());
    }

    @POST
    @Path("/{name}/versions/{version}/deprecate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deprecateGoldenPathVersion", summary = "Deprecate a version of a golden path",
            description = "Platform admins only. New deployments cannot name it; revisions made with it keep it.")
    @APIResponse(responseCode = "200", description = "The version, deprecated.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = GoldenPathJson.VersionJson.class)))
    public Uni<GoldenPathJson.VersionJson> deprecate(@PathParam("name") String name,
            @PathParam("version") String version) {
        return goldenPaths().deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest.newBuilder().setName(name)
                .setVersion(version).build()).map(GoldenPathJson.VersionJson::of);
    }

    /** Absent, it is provisioning-service that names it missing. */
    private static String parametersSchema(Map<String, Object> schema) {
        return schema == null ? "" : JsonObjects.text(schema);
    }
}
