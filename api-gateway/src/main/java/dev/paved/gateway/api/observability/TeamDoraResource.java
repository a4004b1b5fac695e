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

import dev.paved.api.observability.v1.GetDoraMetricsRequest;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import io.smallrye.mutiny.Uni;

/** A team's DORA metrics, answered by observability-service from provisioning's deployment history. */
@Path("/api/v1/teams/{team}/dora")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = EnvironmentStatusResource.TAG)
public class TeamDoraResource {

    private final ObservabilityUpstream upstream;

    public TeamDoraResource(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTeamDoraMetrics", summary = "A team's DORA metrics",
            description = "Deployment frequency, lead time for changes, change failure rate and failed deployment "
                    + "recovery time over a window that ends now, each with the events behind it and its "
                    + "performance level. Only the team's members and platform admins see them (403 "
                    + "TEAM_FORBIDDEN for others).")
    @APIResponse(responseCode = "200", description = "The team's metrics.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ObservabilityJson.DoraMetricsJson.class)))
    @APIResponse(responseCode = "400", description = "INVALID_WINDOW: a window that is not a whole number of hours, "
            + "days or weeks, or longer than the configured maximum; INVALID_DORA_QUERY: a team, application or "
            + "stage that is not a DNS-1123 label. The parameter is named.")
    public Uni<ObservabilityJson.DoraMetricsJson> dora(@PathParam("team") String team,
            @Parameter(description = "How far back from now: 12h, 30d, 2w (default 30d, at most 90d unless "
                    + "configured otherwise).", example = "30d") @QueryParam("window") String window,
            @Parameter(description = "Only this application; absent: every application of the team.")
            @QueryParam("application") String application,
            @Parameter(description = "Only deployments to this stage; absent: the production stages (prod).")
            @QueryParam("stage") String stage) {
        return upstream.forCaller().getDoraMetrics(GetDoraMetricsRequest.newBuilder().setTeam(team)
                .setWindow(QueryParameters.orEmpty(window))
                .setApplication(QueryParameters.orEmpty(application))
                .setStage(QueryParameters.orEmpty(stage)).build()).map(ObservabilityJson.DoraMetricsJson::of);
    }
}
