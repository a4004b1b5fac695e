package dev.paved.local.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The default scheduler's main filters and scores: a pod goes to a ready node whose labels match its
 * {@code nodeSelector} and that has room for its requests and one more pod, preferring the zone and
 * then the node with the fewest pods of the same owner (so that replicas spread across zones), then
 * the least loaded node. When none fits, it says why as the scheduler does.
 */
final class Scheduler {

    /** A node for the pod, or why there is none. */
    record Placement(Optional<Node> node, String failure) {
    }

    private final ClusterState state;

    Scheduler(ClusterState state) {
        this.state = state;
    }

    Placement place(Pod pod, FailureMode mode) {
        List<Node> nodes = state.nodes.all().stream().filter(SimulatedNodes::ready)
                .filter(node -> node.getStatus().getAllocatable() != null).toList();
        if (mode == FailureMode.UNSCHEDULABLE) {
            // As a nodeSelector that no node matches would.
            return new Placement(Optional.empty(), unschedulable(nodes.size(),
                    Map.of("node(s) didn't match Pod's node affinity/selector", nodes.size()),
                    "Preemption is not helpful for scheduling"));
        }
        Resources wanted = Resources.requestsOf(pod);
        Map<String, Integer> reasons = new TreeMap<>();
        List<Node> feasible = new ArrayList<>();
        for (Node node : nodes) {
            Optional<String> misfit = misfit(pod, wanted, node);
            if (misfit.isPresent()) {
                reasons.merge(misfit.get(), 1, Integer::sum);
            } else {
                feasible.add(node);
            }
        }
        if (feasible.isEmpty()) {
            return new Placement(Optional.empty(), unschedulable(nodes.size(), reasons,
                    "No preemption victims found for incoming pod"));
        }
        String owner = ClusterState.controllerOf(pod).map(OwnerReference::getUid).orElse("");
        Map<String, Integer> siblingsByZone = new TreeMap<>();
        Map<String, Integer> siblingsByNode = new TreeMap<>();
        for (Pod other : state.pods.all()) {
            if (Pods.scheduled(other) && !Pods.terminal(other) && !owner.isEmpty()
                    && ClusterState.controllerOf(other).filter(ref -> owner.equals(ref.getUid())).isPresent()) {
                siblingsByNode.merge(other.getSpec().getNodeName(), 1, Integer::sum);
                state.nodes.get(null, other.getSpec().getNodeName())
                        .ifPresent(node -> siblingsByZone.merge(zoneOf(node), 1, Integer::sum));
            }
        }
        return new Placement(feasible.stream().min(Comparator
                .comparing((Node node) -> siblingsByZone.getOrDefault(zoneOf(node), 0))
                .thenComparing(node -> siblingsByNode.getOrDefault(node.getMetadata().getName(), 0))
                .thenComparing(node -> requested(node).cpu() / capacity(node, "cpu"))
                .thenComparing(node -> node.getMetadata().getName())), "");
    }

    private Optional<String> misfit(Pod pod, Resources wanted, Node node) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !node.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
            return Optional.of("node(s) didn't match Pod's node affinity/selector");
        }
        Resources used = requested(node);
        if (podsOn(node) + 1 > capacity(node, "pods")) {
            return Optional.of("Too many pods");
        }
        if (used.cpu() + wanted.cpu() > capacity(node, "cpu")) {
            return Optional.of("Insufficient cpu");
        }
        if (used.memory() + wanted.memory() > capacity(node, "memory")) {
            return Optional.of("Insufficient memory");
        }
        return Optional.empty();
    }

    private List<Pod> podsOnNode(Node node) {
        String name = node.getMetadata().getName();
        return state.pods.all().stream().filter(pod -> name.equals(pod.getSpec().getNodeName()))
                .filter(pod -> !Pods.terminal(pod)).toList();
    }

    private int podsOn(Node node) {
        return podsOnNode(node).size();
    }

    private Resources requested(Node node) {
        return podsOnNode(node).stream().map(Resources::requestsOf).reduce(Resources.NONE, Resources::plus);
    }

    private static double capacity(Node node, String resource) {
        Quantity quantity = node.getStatus().getAllocatable().get(resource);
        return quantity == null ? Double.MAX_VALUE : Resources.parse(quantity);
    }

    static String zoneOf(Node node) {
        return node.getMetadata().getLabels().getOrDefault(SimulatedNodes.ZONE_LABEL, "");
    }

    /** The scheduler's message: {@code 0/3 nodes are available: 3 Insufficient cpu. preemption: ...}. */
    private static String unschedulable(int nodes, Map<String, Integer> reasons, String preemption) {
        StringBuilder message = new StringBuilder("0/" + nodes + " nodes are available");
        if (!reasons.isEmpty()) {
            message.append(": ");
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            message.append(String.join(", ", parts));
        }
        return message.append(". preemption: 0/").append(nodes).append(" nodes are available: ").append(nodes)
                .append(' ').append(preemption).append('.').toString();
    }
}
