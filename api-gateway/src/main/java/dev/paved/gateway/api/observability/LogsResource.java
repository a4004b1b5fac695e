package dev.paved.gateway.api.observability;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.GetWorkloadStatusRequest;
import dev.paved.api.observability.v1.ObservabilityService;
import dev.paved.common.streams.Streams;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import dev.paved.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A workload's logs, answered by observability-service: what is there as JSON, or with follow=true
 * a server-sent event per line for as long as the backend streams, at most the configured follow
 * duration. The follow parameter, not the Accept header, chooses between the two; a client that goes
 * away, or the end of that duration, cancels the backend's stream.
 */
@Path("/api/v1/environments/{env}/workloads/{workload}/logs")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class LogsResource {

    private static final Duration FIRST_CHECK = Duration.ofSeconds(15);
    private static final String LOGS_PATH = "/logs";

    private final ObservabilityUpstream upstream;
    private final Duration followMaxDuration;

    public LogsResource(ObservabilityUpstream upstream, GatewayConfig config) {
        this.upstream = upstream;
        this.followMaxDuration = config.logs().followMaxDuration();
    }

    /**
     * Routes a request to the JSON or the streaming method by its follow parameter, whatever it accepts.
     * A follow given twice goes to the JSON method, whose follow parameter refuses it as any single-valued
     * one given twice ({@link dev.paved.gateway.api.SingleValuedParameters}), rather than streaming on the first.
     */
    @ServerRequestFilter(preMatching = true)
    public void chooseRepresentation(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/environments/") || !path.endsWith(LOGS_PATH)) {
            return;
        }
        List<String> follow = request.getUriInfo().getQueryParameters().get("follow");
        boolean streams = follow != null && follow.size() == 1 && follow.get(0).trim().equalsIgnoreCase("true");
        request.getHeaders().putSingle(HttpHeaders.ACCEPT,
                streams ? MediaType.SERVER_SENT_EVENTS : MediaType.APPLICATION_JSON);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWorkloadLogs", summary = "A workload's logs",
            description = "The last lines of each container of the workload's pods, as JSON; with follow=true, "
                    + "text/event-stream instead: those lines and then each new one, an SSE event per line whose "
                    + "data is a LogLine, until the backend ends the stream, the gateway's longest follow passes "
                    + "(30 minutes unless configured otherwise; follow again to go on) or the client goes away.")
    @APIResponse(responseCode = "200", description = "The lines; with follow=true, the stream of them.",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ObservabilityJson.LogLines.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = ObservabilityJson.LogLineJson.class)) })
    public Uni<ObservabilityJson.LogLines> logs(@PathParam("env") String environment,
            @PathParam("workload") String workload,
            @Parameter(description = "Last lines per container: 1 to 10000, default 100.",
                    schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("tail") String tail,
            @Parameter(description = "Only lines after this long ago: a duration such as 10m or 1h30m.")
            @QueryParam("since") String since,
            @Parameter(description = "One container; every container when absent.") @QueryParam("container")
            String container,
            @Parameter(description = "One pod of the workload; every pod when absent.") @QueryParam("pod") String pod,
            @Parameter(description = "The previous (terminated) container's logs.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("previous") String previous,
            @Parameter(description = "Each line with its time.", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("timestamps") String timestamps,
            @Parameter(description = "Stream new lines as server-sent events.",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("follow") String follow) {
        QueryParameters.flag(follow, "follow");
        GetLogsRequest request = request(environment, workload, tail, since, container, pod, previous, timestamps);
        return upstream.forCaller().getLogs(request).map(answer -> new ObservabilityJson.LogLines(
                answer.getLinesList().stream().map(ObservabilityJson.LogLineJson::of).toList()));
    }

    /**
     * Checked before the stream opens, as operation events are: a stranger, an unknown environment or
     * workload and bad parameters get a problem, not an empty stream.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> follow(@PathParam("env") String environment,
            @PathParam("workload") String workload, @QueryParam("tail") String tail, @QueryParam("since") String since,
            @QueryParam("container") String container, @QueryParam("pod") String pod,
            @QueryParam("previous") String previous, @QueryParam("timestamps") String timestamps,
            @Context Sse sse) {
        GetLogsRequest request = request(environment, workload, tail, since, container, pod, previous, timestamps);
        ObservabilityService observability = upstream.forCaller();
        observability.getWorkloadStatus(GetWorkloadStatusRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).build()).await().atMost(FIRST_CHECK);
        return Streams.endingAfter(upstream.followLogs(request), followMaxDuration).map(line -> sse.newEventBuilder()
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(ObservabilityJson.LogLineJson.class, ObservabilityJson.LogLineJson.of(line))
                .build());
    }

    private static GetLogsRequest request(String environment, String workload, String tail, String since,
            String container, String pod, String previous, String timestamps) {
        return GetLogsRequest.newBuilder().setEnvironment(environment).setWorkload(workload)
                .setTail(ObservabilityParameters.tail(tail))
                .setSince(ObservabilityParameters.sinceDuration(since))
                .setContainer(QueryParameters.orEmpty(container))
                .setPod(QueryParameters.orEmpty(pod))
                .setPrevious(QueryParameters.flag(previous, "previous"))
                .setTimestamps(QueryParameters.flag(timestamps, "timestamps"))
                .build();
    }
}
