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

import dev.paved.api.observability.v1.GetUsageRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/** What a workload uses, answered by observability-service from metrics.k8s.io. */
@Path("/api/v1/environments/{env}/workloads/{workload}/usage")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class UsageResource {

    private final ObservabilityUpstream upstream;

    public UsageResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWorkloadUsage", summary = "A workload's CPU and memory",
            description = "Per pod and container, and in total, from the cluster's metrics.k8s.io.")
    @APIResponse(responseCode = "200", description = "The usage.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.UsageJson.class)))
    @APIResponse(responseCode = "503", description = "USAGE_NOT_AVAILABLE: the cluster does not serve metrics.k8s.io; "
            + "or observability-service cannot be reached now.")
    public Uni<ObservabilityJson.UsageJson> usage(@PathParam("env") String environment,
            @PathParam("workload") String workload) {
        return upstream.forCaller().getUsage(GetUsageRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).build()).map(ObservabilityJson.UsageJson::of);
    }
}
