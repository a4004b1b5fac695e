package dev.paved.provisioning.kubernetes;

import dev.paved.provisioning.domain.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A call to a Kubernetes API that did not succeed. Transient failures (429, 5xx, timeouts, a
 * connection that failed) are worth retrying; the others will fail the same way again.
 */
public class KubernetesCallFailed extends RuntimeException {

    private final ObjectRef object;
    private final int status;
    private final boolean transientFailure;

    public KubernetesCallFailed(ObjectRef object, int status, boolean transientFailure, String message) {
        super(message, null, false, false);
        this.object = object;
        this.status = status;
        this.transientFailure = transientFailure;
    }

    public static KubernetesCallFailed of(ObjectRef object, String verb, KubernetesClientException failure) {
        // fabric8 reports no HTTP status (0 or -1) when the API did not answer: a timeout, a refused connection.
        int status = Math.max(failure.getCode(), 0);
        boolean transientFailure = status == 0 || status == 408 || status == 429 || status >= 500;
        String why = status == 0
                ? "the Kubernetes API did not answer (" + rootCause(failure) + ")"
                : "the Kubernetes API answered " + status + reason(failure);
        return new KubernetesCallFailed(object, status, transientFailure,
                "Could not " + verb + " " + object.display() + ": " + why + ".");
    }

    private static String reason(KubernetesClientException failure) {
        if (failure.getStatus() != null && failure.getStatus().getMessage() != null
                && !failure.getStatus().getMessage().isBlank()) {
            return " (" + failure.getStatus().getMessage() + ")";
        }
        return "";
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    public ObjectRef object() {
        return object;
    }

    /** The HTTP status the API answered, 0 when it did not answer. */
    public int status() {
        return status;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
