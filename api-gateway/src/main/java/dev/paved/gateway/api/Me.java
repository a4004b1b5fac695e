package dev.paved.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.common.security.Caller;

/** The caller as the platform sees them; lists are sorted so that the answer is stable. */
@Schema(name = "Me", description = "The caller as every rule of the platform sees them.")
public record Me(
        @Schema(required = true, description = "The token's subject.", examples = "alice") String subject,
        @Schema(required = true, description = "The caller's teams, from the token's groups claim.",
                examples = "[\"payments\"]") List<String> teams,
        @Schema(required = true, description = "The caller's roles, such as platform-admin.",
                examples = "[\"platform-admin\"]") List<String> roles) {

    static Me of(Caller caller) {
        return new Me(caller.subject(), caller.teams().stream().sorted().toList(),
                caller.roles().stream().sorted().toList());
    }
}
