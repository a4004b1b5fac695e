package dev.paved.provisioning.domain;

/** A Kubernetes object as Paved names it; {@code namespace} is empty for cluster-scoped objects. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    /** {@code NetworkPolicy payments-dev/paved-default-deny}, {@code Namespace payments-dev}. */
    public String display() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
