package dev.paved.local.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The cluster's nodes: {@code nodes} of them, spread over three zones of one region, each with room
 * for 250 pods, 32 CPUs and 128 GiB. They never change once created (no heartbeats: nothing reads them here).
 */
final class SimulatedNodes {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String SIMULATED_ANNOTATION = "paved.dev/simulated";
    static final String NAME_PREFIX = "paved-node-";
    private static final String REGION = "local";
    private static final List<String> ZONES = List.of("local-a", "local-b", "local-c");
    private static final Map<String, Quantity> CAPACITY = Map.of("cpu", new Quantity("32"), "memory",
            new Quantity("128Gi"), "pods", new Quantity("250"), "ephemeral-storage", new Quantity("200Gi"));
    private static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("31500m"), "memory",
            new Quantity("126Gi"), "pods", new Quantity("250"), "ephemeral-storage", new Quantity("180Gi"));

    private SimulatedNodes() {
    }

    /** Creates the nodes the state does not hold yet. */
    static void ensure(int count, ClusterState state, ClusterWriter writer, Instant now) {
        for (int index = 1; index <= count; index++) {
            if (state.nodes.get(null, NAME_PREFIX + index).isEmpty()) {
                writer.create(node(index, now), now);
            }
        }
    }

    private static Node node(int index, Instant now) {
        String name = NAME_PREFIX + index;
        String zone = ZONES.get((index - 1) % ZONES.size());
        String time = Timestamps.format(now);
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", time));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                time));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                time));
        conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", time));
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64").addToLabels("node.kubernetes.io/instance-type", "simulated")
                .addToLabels("topology.kubernetes.io/region", REGION).addToLabels(ZONE_LABEL, zone)
                .addToAnnotations(SIMULATED_ANNOTATION, "true").endMetadata()
                .withNewSpec().withPodCIDR(podCidr(index)).withPodCIDRs(podCidr(index))
                .withProviderID("paved://" + zone + "/" + name).endSpec()
                .withNewStatus().withCapacity(CAPACITY).withAllocatable(ALLOCATABLE).withConditions(conditions)
                .addNewAddress().withType("InternalIP").withAddress(nodeIp(index)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux")
                .withOsImage("Paved simulated node").withKernelVersion("6.1.0").withKubeletVersion("v1.32.0")
                .withKubeProxyVersion("v1.32.0").withContainerRuntimeVersion("containerd://1.7.24")
                .withMachineID(name).withSystemUUID(name).withBootID(name).endNodeInfo()
                .endStatus().build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String time) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time).withLastTransitionTime(time).build();
    }

    static String podCidr(int index) {
        return "10.244." + index + ".0/24";
    }

    private static String nodeIp(int index) {
        return "10.0.0." + (10 + index);
    }

    static String internalIp(Node node) {
        return node.getStatus().getAddresses().stream().filter(address -> "InternalIP".equals(address.getType()))
                .map(NodeAddress::getAddress).findFirst().orElse("");
    }

    static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }
}
