package dev.paved.gateway.api.operations;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.provisioning.v1.OperationEvent;

/** One event of an operation, the data of an SSE event whose id is {@code sequence}. */
@Schema(name = "OperationEvent")
public record OperationEventJson(
        @Schema(required = true) long sequence,
        @Schema(required = true) String operationId,
        @Schema(required = true, format = "date-time") String time,
        @Schema(required = true, enumeration = { "OPERATION", "STEP", "STEP_RETRY" }) String type,
        @Schema(required = true) String operationState,
        @Schema(description = "The step, for STEP and STEP_RETRY events.") String step,
        @Schema(description = "The step's state, for STEP and STEP_RETRY events.") String stepState,
        String message) {

    static OperationEventJson of(OperationEvent event) {
        return new OperationEventJson(event.getSequence(), event.getOperationId(), OperationJson.time(event.getTime()),
                OperationJson.unprefixed(event.getType().name(), "OPERATION_EVENT_TYPE_"),
                OperationJson.unprefixed(event.getOperationState().name(), "OPERATION_STATE_"),
                event.getStep().isEmpty() ? null : event.getStep(),
                event.getStep().isEmpty() ? null : OperationJson.unprefixed(event.getStepState().name(), "STEP_STATE_"),
                event.getMessage().isEmpty() ? null : event.getMessage());
    }
}
