package dev.paved.gateway.api.operations;

import java.net.URI;

import jakarta.ws.rs.core.Response;

import dev.paved.api.provisioning.v1.Operation;

/**
 * How a change answers: a plan is 200; a recorded operation (also one an Idempotency-Key finds
 * again) is 202 with the operation's Location.
 */
public final class OperationAnswers {

    private OperationAnswers() {
    }

    public static Response of(Operation operation) {
        return of(operation, OperationJson.of(operation));
    }

    /** The answer with another body, such as a deployment's operation and revision. */
    public static Response of(Operation operation, Object body) {
        if (operation.getDryRun()) {
            return Response.ok(body).build();
        }
        return Response.accepted(body).location(URI.create("/api/v1/operations/" + operation.getId())).build();
    }
}
