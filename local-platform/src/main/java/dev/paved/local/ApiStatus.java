package dev.paved.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code Status} object a Kubernetes API server answers a failed request with. */
public final class ApiStatus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiStatus() {
    }

    /**
     * @param code    the HTTP status code
     * @param reason  the machine-readable reason, e.g. {@code NotFound}, {@code BadRequest}, {@code Invalid}
     * @param message what a person reads
     */
    public static String failure(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code)
                .toString();
    }
}
