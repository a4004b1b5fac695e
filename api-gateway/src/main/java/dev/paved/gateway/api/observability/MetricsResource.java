package dev.paved.gateway.api.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.observability.v1.QueryMetricsRangeRequest;
import dev.paved.api.observability.v1.QueryMetricsRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import io.smallrye.mutiny.Uni;

/**
 * PromQL over an environment, answered by observability-service from the configured Prometheus with
 * every selector limited to the environment's namespace; answers look like Prometheus' HTTP API's,
 * errors are problems like every other.
 */
@Path("/api/v1/environments/{env}/metrics")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class MetricsResource {

    private static final String BAD_QUERY = "Invalid PromQL (with the parser's message and position), a selector "
            + "that cannot be limited to the namespace, or a time, range or step outside the configured limits.";
    private static final String NO_PROMETHEUS = "No Prometheus is configured, or observability-service cannot be "
            + "reached now.";

    private final ObservabilityUpstream upstream;

    public MetricsResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Path("/query")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queryMetrics", summary = "An instant PromQL query",
            description = "Like Prometheus' /api/v1/query, each selector limited to the environment's namespace.")
    @APIResponse(responseCode = "200", description = "Prometheus' result.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.MetricsJson.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    @APIResponse(responseCode = "503", description = NO_PROMETHEUS)
    public Uni<ObservabilityJson.MetricsJson> query(@PathParam("env") String environment,
            @Parameter(description = "The PromQL expression.", required = true) @QueryParam("query") String query,
            @Parameter(description = "RFC 3339 or Unix seconds; now when absent.") @QueryParam("time") String time) {
        return upstream.forCaller().queryMetrics(QueryMetricsRequest.newBuilder().setEnvironment(environment)
                .setQuery(QueryParameters.orEmpty(query)).setTime(QueryParameters.orEmpty(time))
                .build()).map(ObservabilityJson.MetricsJson::of);
    }

    @GET
    @Path("/query_range")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queryMetricsRange", summary = "A PromQL range query",
            description = "Like Prometheus' /api/v1/query_range, each selector limited to the environment's "
                    + "namespace.")
    @APIResponse(responseCode = "200", description = "Prometheus' result, a matrix.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.MetricsJson.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    @APIResponse(responseCode = "503", description = NO_PROMETHEUS)
    public Uni<ObservabilityJson.MetricsJson> queryRange(@PathParam("env") String environment,
            @Parameter(description = "The PromQL expression.", required = true) @QueryParam("query") String query,
            @Parameter(description = "RFC 3339 or Unix seconds.", required = true) @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or Unix seconds.", required = true) @QueryParam("end") String end,
            @Parameter(description = "A duration such as 30s, or seconds.", required = true) @QueryParam("step")
            String step) {
        return upstream.forCaller().queryMetricsRange(QueryMetricsRangeRequest.newBuilder()
                .setEnvironment(environment).setQuery(QueryParameters.orEmpty(query))
                .setStart(QueryParameters.orEmpty(start)).setEnd(QueryParameters.orEmpty(end))
                .setStep(QueryParameters.orEmpty(step)).build()).map(ObservabilityJson.MetricsJson::of);
    }
}
