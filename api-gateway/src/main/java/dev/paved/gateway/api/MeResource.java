package dev.paved.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.common.security.Callers;

@Path("/api/v1/me")
@Tag(name = "Identity", description = "Who the caller is.")
public class MeResource {

    private final Callers callers;

    public MeResource(Callers callers) {
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getMe", summary = "Who am I",
            description = "The caller's subject, teams and roles, as every rule of the platform sees them.")
    @APIResponse(responseCode = "200", description = "The caller.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class)))
    public Me me() {
        return Me.of(callers.current());
    }
}
