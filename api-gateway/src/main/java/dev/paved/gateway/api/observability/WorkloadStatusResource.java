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

import dev.paved.api.observability.v1.GetWorkloadStatusRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/** One workload's health, answered by observability-service. */
@Path("/api/v1/environments/{env}/workloads/{workload}/status")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class WorkloadStatusResource {

    private final ObservabilityUpstream upstream;

    public WorkloadStatusResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWorkloadStatus", summary = "The health of a workload",
            description = "Its health and the reasons for it, read from its objects, pods and events.")
    @APIResponse(responseCode = "200", description = "The workload's health.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.WorkloadStatusJson.class)))
    public Uni<ObservabilityJson.WorkloadStatusJson> status(@PathParam("env") String environment,
            @PathParam("workload") String workload) {
        return upstream.forCaller().getWorkloadStatus(GetWorkloadStatusRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).build()).map(ObservabilityJson.WorkloadStatusJson::of);
    }
}
