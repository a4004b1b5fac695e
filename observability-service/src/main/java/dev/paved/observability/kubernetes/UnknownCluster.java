package dev.paved.observability.kubernetes;

/**
 * A cluster the configuration does not lead to: not configured, or its kubeconfig context is nowhere
 * to be found. Retrying cannot help; only a change of configuration can.
 */
public class UnknownCluster extends IllegalStateException {

    public UnknownCluster(String message) {
        super(message);
    }
}
