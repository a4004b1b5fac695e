package dev.paved.local.simulator;

import java.util.List;
import java.util.Optional;

import dev.paved.local.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Pods and nodes as the in-process API stores them this moment, which logs and metrics are drawn from,
 * as a kubelet answers for the pods the API server names: a client that has just read a pod running
 * reads its log, never the simulator's view of a moment before.
 */
final class StoredPods {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final InProcessKubernetes api;

    StoredPods(InProcessKubernetes api) {
        this.api = api;
    }

    Optional<Pod> pod(String namespace, String name) {
        return api.read("/api/v1/namespaces/" + namespace + "/pods/" + name)
                .map(json -> SERIALIZATION.unmarshal(json, Pod.class));
    }

    /** The pods of one namespace, or of all when none is given. */
    List<Pod> pods(Optional<String> namespace) {
        String path = namespace.map(name -> "/api/v1/namespaces/" + name + "/pods").orElse("/api/v1/pods");
        return api.read(path).map(json -> SERIALIZATION.unmarshal(json, PodList.class).getItems()).orElse(List.of());
    }

    Optional<Node> node(String name) {
        return api.read("/api/v1/nodes/" + name).map(json -> SERIALIZATION.unmarshal(json, Node.class));
    }

    List<Node> nodes() {
        return api.read("/api/v1/nodes").map(json -> SERIALIZATION.unmarshal(json, NodeList.class).getItems())
                .orElse(List.of());
    }
}
