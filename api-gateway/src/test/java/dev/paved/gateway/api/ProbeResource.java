package dev.paved.gateway.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.security.Callers;

/** Test-only endpoints that exercise what every endpoint inherits; hidden from the contract. */
@Path("/api/v1/test-probe")
public class ProbeResource {

    public record Greeting(@NotBlank String name, int count) {
    }

    private final Callers callers;

    public ProbeResource(Callers callers) {
        this.callers = callers;
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Greeting echo(@Valid Greeting greeting) {
        return greeting;
    }

    @GET
    @Path("/admins-only")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String adminsOnly() {
        if (!callers.current().isPlatformAdmin()) {
            throw ProblemException.forbidden("PLATFORM_ADMIN_REQUIRED", "Only platform admins may do this.");
        }
        return "welcome";
    }

    @GET
    @Path("/failure")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String failure() {
        throw new IllegalStateException("secret internals of dev.paved.gateway.Hidden");
    }
}
