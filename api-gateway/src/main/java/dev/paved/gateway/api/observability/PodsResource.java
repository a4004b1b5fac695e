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

import dev.paved.api.observability.v1.ListPodsRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/** A workload's pods, answered by observability-service. */
@Path("/api/v1/environments/{env}/workloads/{workload}/pods")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class PodsResource {

    private final ObservabilityUpstream upstream;

    public PodsResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listWorkloadPods", summary = "A workload's pods",
            description = "Phase, readiness, restarts, node, age and how a container last ended.")
    @APIResponse(responseCode = "200", description = "The pods.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.PodList.class)))
    public Uni<ObservabilityJson.PodList> pods(@PathParam("env") String environment,
            @PathParam("workload") String workload) {
        return upstream.forCaller().listPods(ListPodsRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).build())
                .map(pods -> new ObservabilityJson.PodList(
                        pods.getPodsList().stream().map(ObservabilityJson.PodJson::of).toList()));
    }
}
