package dev.paved.gateway.api.observability;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.google.protobuf.Timestamp;

import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import io.smallrye.mutiny.Uni;

/** The warning events of a workload's objects, answered by observability-service. */
@Path("/api/v1/environments/{env}/workloads/{workload}/events")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class EventsResource {

    private final ObservabilityUpstream upstream;

    public EventsResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listWorkloadEvents", summary = "A workload's warning events", description = "Newest first.")
    @APIResponse(responseCode = "200", description = "The events.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.EventList.class)))
    public Uni<ObservabilityJson.EventList> events(@PathParam("env") String environment,
            @PathParam("workload") String workload,
            @Parameter(description = "Only events last seen after this RFC 3339 date-time.",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("since") String since,
            @Parameter(description = "1 to 1000, default 100.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit) {
        ListEventsRequest.Builder request = ListEventsRequest.newBuilder().setEnvironment(environment)
                .setWorkload(workload).setLimit(ObservabilityParameters.limit(limit));
        Timestamp after = ObservabilityParameters.sinceTime(since);
        if (after != null) {
            request.setSince(after);
        }
        return upstream.forCaller().listEvents(request.build())
                .map(events -> new ObservabilityJson.EventList(
                        events.getEventsList().stream().map(ObservabilityJson.EventJson::of).toList()));
    }
}
