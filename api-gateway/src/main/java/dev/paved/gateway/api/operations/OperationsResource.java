package dev.paved.gateway.api.operations;

import static dev.paved.common.paging.PageRequest.limitParameter;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.OperationService;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.paging.Page;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.QueryParameters;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Operations over REST, answered by provisioning-service over gRPC on behalf of the caller, who is
 * authorized there: a member of the operation's team or a platform admin; anyone else gets 403.
 */
@Path("/api/v1/operations")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Operations", description = "Durable work on environments and workloads: state, steps, events, cancel.")
public class OperationsResource {

    private static final Duration FIRST_CHECK = Duration.ofSeconds(15);

    private final OperationService operations;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public OperationsResource(@GrpcClient("provisioning") OperationService operations, OnBehalfOfCaller onBehalf,
            Callers callers) {
        this.operations = operations;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private OperationService operations() {
        callers.current();
        return onBehalf.client(operations);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "listOperations",
            summary = "List operations", description = "The operations the caller may see, newest first.")
    @APIResponse(responseCode = "200", description = "A page: {items, nextCursor}.")
    public Uni<Page<OperationJson>> list(@QueryParam("team") String team,
            @Parameter(description = "The environment's name.") @QueryParam("environment") String environment,
            @Parameter(schema = @Schema(enumeration = { "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED" }))
            @QueryParam("state") String state,
            @Parameter(schema = @Schema(enumeration = { "CREATE_ENVIRONMENT", "UPDATE_ENVIRONMENT",
                    "DELETE_ENVIRONMENT", "RECONCILE_ENVIRONMENT", "DEPLOY_WORKLOAD", "DELETE_WORKLOAD" }))
            @QueryParam("type") String type,
            @Parameter(description = "1 to 500, default 50.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        ListOperationsRequest.Builder request = ListOperationsRequest.newBuilder()
                .setTeam(QueryParameters.orEmpty(team))
                .setEnvironment(QueryParameters.orEmpty(environment))
                .setPage(PageRequest.newBuilder().setLimit(limitParameter(limit))
                        .setCursor(QueryParameters.orEmpty(cursor)));
        if (state != null && !state.isEmpty()) {
            request.setState(enumValue(OperationState.class, "OPERATION_STATE_", "state", state));
        }
        if (type != null && !type.isEmpty()) {
            request.setType(enumValue(OperationType.class, "OPERATION_TYPE_", "type", type));
        }
        return operations().listOperations(request.build()).map(page -> new Page<>(
                page.getOperationsList().stream().map(OperationJson::of).toList(),
                page.getPage().getNextCursor().isEmpty() ? null : page.getPage().getNextCursor()));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "getOperation", summary = "Read an operation")
    @APIResponse(responseCode = "200", description = "The operation.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    public Uni<OperationJson> get(@PathParam("id") String id) {
        return operations().getOperation(GetOperationRequest.newBuilder().setId(id).build()).map(OperationJson::of);
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "cancelOperation",
            summary = "Cancel an operation",
            description = "A pending operation is cancelled at once; a running one stops before its next step "
                    + "(cancelRequested is true until it has). A finished one answers 409.")
    @APIResponse(responseCode = "200", description = "The operation after the cancel.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperationJson.class)))
    @APIResponse(responseCode = "409", description = "The operation has finished already.")
    public Uni<OperationJson> cancel(@PathParam("id") String id) {
        return operations().cancelOperation(CancelOperationRequest.newBuilder().setId(id).build())
                .map(OperationJson::of);
    }

    /**
     * Checked before the stream opens (a bad id, a stranger or an unknown operation get a problem, not
     * an empty stream), then each event as an SSE event whose id is its sequence, until the final one.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "streamOperationEvents",
            summary = "Follow an operation's events",
            description = "Server-sent events, each with id = the event's sequence and data = an OperationEvent; "
                    + "the stream ends after the event that reports a final state (at once, with no event, when "
                    + "resumed after it). Resume with Last-Event-ID.")
    @APIResponse(responseCode = "200", description = "The event stream.",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = OperationEventJson.class)))
    public Multi<OutboundSseEvent> events(@PathParam("id") String id,
            @Parameter(description = "Resume after this event.") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        long after = sequence(lastEventId);
        OperationService upstream = operations();
        upstream.getOperation(GetOperationRequest.newBuilder().setId(id).build()).await().atMost(FIRST_CHECK);
        return upstream.watchOperation(WatchOperationRequest.newBuilder().setId(id).setAfterSequence(after).build())
                .map(event -> sse.newEventBuilder()
                        .id(Long.toString(event.getSequence()))
                        .name(OperationJson.unprefixed(event.getType().name(), "OPERATION_EVENT_TYPE_")
                                .toLowerCase(Locale.ROOT))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(OperationEventJson.class, OperationEventJson.of(event))
                        .build());
    }

    private static long sequence(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long sequence = Long.parseLong(lastEventId.trim());
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below.
        }
        throw ProblemException.badRequest("INVALID_LAST_EVENT_ID", "Last-Event-ID must be the id of an event.",
                Violation.parameter("Last-Event-ID", "must be a whole number"));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String prefix, String parameter, String value) {
        try {
            E parsed = Enum.valueOf(type, prefix + value.toUpperCase(Locale.ROOT));
            if (!parsed.name().endsWith("UNSPECIFIED")) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // Answered below.
        }
        String allowed = String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(name -> name.startsWith(prefix) && !name.endsWith("UNSPECIFIED"))
                .map(name -> name.substring(prefix.length())).toList());
        throw new ProblemException(400, "INVALID_FILTER", "The " + parameter + " filter is not valid.",
                List.of(Violation.parameter(parameter, "must be one of " + allowed)));
    }

}
