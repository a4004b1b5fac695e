package dev.paved.provisioning.deployments.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of resource a workload can ask for, each with the outputs its placeholders may name
 * ({@code ${resources.NAME.OUTPUT}}) and the params it takes. The outputs of a resource whose
 * credentials are secret are only ever references to a Secret, never plain values.
 */
public enum ResourceType {

    /** An Ingress to the workload's Service: {@code host} from params or the route domain pattern. */
    ROUTE("route", List.of("host", "url"), List.of("host", "path", "port"), false),
    /** A host name under the environment's domain. */
    DNS("dns", List.of("host"), List.of(), false),
    /** An emptyDir, or a PersistentVolumeClaim when params name a {@code size}. */
    VOLUME("volume", List.of("source"), List.of("size", "storageClass"), false),
    /** A database and a role on the platform's PostgreSQL, its credentials in a Secret. */
    POSTGRES("postgres", List.of("host", "port", "name", "database", "username", "password"), List.of(), true);

    private final String id;
    private final List<String> outputs;
    private final List<String> params;
    private final boolean secretOutputs;

    ResourceType(String id, List<String> outputs, List<String> params, boolean secretOutputs) {
        this.id = id;
        this.outputs = outputs;
        this.params = params;
        this.secretOutputs = secretOutputs;
    }

    public static Optional<ResourceType> of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ResourceType::id).toList();
    }

    public String id() {
        return id;
    }

    public List<String> outputs() {
        return outputs;
    }

    public List<String> params() {
        return params;
    }

    /** Whether the outputs are keys of a Secret rather than values. */
    public boolean secretOutputs() {
        return secretOutputs;
    }
}
