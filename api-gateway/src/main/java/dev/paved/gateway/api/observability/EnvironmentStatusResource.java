package dev.paved.gateway.api.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/**
 * The health of everything in an environment, answered by observability-service. Each observability
 * route has a class whose path is all of it, so that the routes of environments and workloads keep theirs.
 */
@Path("/api/v1/environments/{env}/status")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG, description = "How what runs is doing: health, pods, events, logs, usage "
        + "and metrics, only for the environment's team and platform admins.")
public class EnvironmentStatusResource {

    static final String TAG = "Observability";

    private final ObservabilityUpstream upstream;

    public EnvironmentStatusResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getEnvironmentStatus", summary = "The health of an environment's workloads",
            description = "Every workload of the environment's namespace (Deployments, StatefulSets and CronJobs, "
                    + "whether or not Paved deployed them, and those Paved deployed whose objects are gone), each "
                    + "with its health and reasons, and the environment's health: the worst of theirs.")
    @APIResponse(responseCode = "200", description = "The environment's health.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.EnvironmentStatusJson.class)))
    public Uni<ObservabilityJson.EnvironmentStatusJson> status(@PathParam("env") String environment) {
        return upstream.forCaller().getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder()
                .setEnvironment(environment).build()).map(ObservabilityJson.EnvironmentStatusJson::of);
    }
}
