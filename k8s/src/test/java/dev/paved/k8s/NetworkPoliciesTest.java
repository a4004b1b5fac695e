package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * What the NetworkPolicies let reach each service and leave it, evaluated the way Kubernetes does:
 * a pod selected by any policy of a direction accepts only what some rule of those policies allows.
 */
class NetworkPoliciesTest {

    /** Who calls whom (gRPC on port 8080): the gateway every backend, provisioning the catalog, observability provisioning. */
    private static final Map<String, Set<String>> CALLERS = Map.of(
            "catalog-service", Set.of("api-gateway", "provisioning-service"),
            "provisioning-service", Set.of("api-gateway", "observability-service"),
            "observability-service", Set.of("api-gateway"));

    /**
     * Where each service may connect, as {@code peer:port}: pods of the namespace by name, DNS in
     * kube-system, Prometheus in monitoring, and addresses outside the cluster by port (443: the OIDC
     * provider, the Kubernetes API, registries or webhook targets; 6443: the Kubernetes API; 5432: PostgreSQL).
     */
    private static final Map<String, Set<String>> EGRESS = Map.of(
            "api-gateway", Set.of("dns:53/UDP", "dns:53/TCP", "pod catalog-service:8080",
                    "pod provisioning-service:8080", "pod observability-service:8080", "address:443"),
            "catalog-service", Set.of("dns:53/UDP", "dns:53/TCP", "address:443", "address:5432"),
            "provisioning-service", Set.of("dns:53/UDP", "dns:53/TCP", "pod catalog-service:8080", "address:443",
                    "address:6443", "address:5432"),
            "observability-service", Set.of("dns:53/UDP", "dns:53/TCP", "pod provisioning-service:8080",
                    "address:443", "address:6443", "namespace monitoring:9090"));
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "169.254.0.0/16");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingIsDeniedUnlessAllowed(String overlay) {
        NetworkPolicy deny = Manifests.named(Manifests.overlay(overlay), NetworkPolicy.class, "default-deny");

        assertTrue(isEmpty(deny.getSpec().getPodSelector()), "selects every pod");
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(deny.getSpec().getPolicyTypes()));
        assertTrue(deny.getSpec().getIngress().isEmpty() && deny.getSpec().getEgress().isEmpty(), "allows nothing");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheGatewayIsReachableFromOutsideAndEachBackendOnlyFromItsCallers(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        List<NetworkPolicy> policies = Manifests.ofKind(objects, NetworkPolicy.class);

        for (String service : Manifests.SERVICES) {
            Set<String> from = new TreeSet<>();
            selecting(policies, podLabels(objects, service), "Ingress")
                    .flatMap(policy -> policy.getSpec().getIngress().stream()).forEach(rule -> {
                        Set<String> ports = ports(rule.getPorts());
                        assertEquals(Set.of("8080/TCP"), ports, service + " is reached on its port only");
                        if (rule.getFrom().isEmpty()) {
                            from.add("anywhere");
                        }
                        rule.getFrom().forEach(peer -> from.add(peer(peer)));
                    });
            Set<String> expected = service.equals("api-gateway") ? Set.of("anywhere")
                    : new TreeSet<>(CALLERS.get(service).stream().map(caller -> "pod " + caller).toList());
            assertEquals(expected, from, overlay + ": who reaches " + service);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceConnectsOnlyWhereItMust(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        List<NetworkPolicy> policies = Manifests.ofKind(objects, NetworkPolicy.class);

        for (String service : Manifests.SERVICES) {
            Set<String> to = new TreeSet<>();
            selecting(policies, podLabels(objects, service), "Egress")
                    .flatMap(policy -> policy.getSpec().getEgress().stream()).forEach(rule -> {
                        assertFalse(rule.getTo().isEmpty(), service + ": every egress rule names where to");
                        assertFalse(rule.getPorts().isEmpty(), service + ": every egress rule names its ports");
                        for (NetworkPolicyPeer peer : rule.getTo()) {
                            String where = peer(peer);
                            for (String port : ports(rule.getPorts())) {
                                to.add(where.startsWith("dns") ? "dns:" + port
                                        : where + ":" + port.substring(0, port.indexOf('/')));
                            }
                        }
                    });
            assertEquals(new TreeSet<>(EGRESS.get(service)), to, overlay + ": where " + service + " connects");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void addressesOpenToTheInternetExcludeTheClustersNetworks(String overlay) {
        for (NetworkPolicy policy : Manifests.ofKind(Manifests.overlay(overlay), NetworkPolicy.class)) {
            policy.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream())
                    .filter(peer -> peer.getIpBlock() != null && peer.getIpBlock().getCidr().endsWith("/0"))
                    .forEach(peer -> assertTrue(peer.getIpBlock().getExcept().containsAll(PRIVATE_RANGES),
                            policy.getMetadata().getName() + " excludes private ranges"));
        }
    }

    /** Git locations over https, and registries for image digests: public addresses on 443, nothing else. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theCatalogAndProvisioningReachPublicHttpsHosts(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        List<NetworkPolicy> policies = Manifests.ofKind(objects, NetworkPolicy.class);
        for (String service : List.of("catalog-service", "provisioning-service")) {
            boolean publicHttps = selecting(policies, podLabels(objects, service), "Egress")
                    .flatMap(policy -> policy.getSpec().getEgress().stream())
                    .anyMatch(rule -> rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null
                            && peer.getIpBlock().getCidr().equals("0.0.0.0/0"))
                            && rule.getPorts().stream().allMatch(port -> port.getPort().getIntVal() == 443));
            assertTrue(publicHttps, service + " may connect to public addresses on 443 in " + overlay);
        }
    }

    /** The policies of {@code direction} (Ingress or Egress) that select a pod with {@code labels}. */
    private static Stream<NetworkPolicy> selecting(List<NetworkPolicy> policies, Map<String, String> labels,
            String direction) {
        return policies.stream().filter(policy -> policy.getSpec().getPolicyTypes().contains(direction))
                .filter(policy -> selects(policy.getSpec().getPodSelector(), labels));
    }

    private static Map<String, String> podLabels(List<HasMetadata> objects, String service) {
        return Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static String peer(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "address";
        }
        if (peer.getNamespaceSelector() != null) {
            String namespace = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            if ("kube-system".equals(namespace) && peer.getPodSelector() != null
                    && "kube-dns".equals(peer.getPodSelector().getMatchLabels().get("k8s-app"))) {
                return "dns";
            }
            return "namespace " + namespace;
        }
        return "pod " + peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
    }

    private static Set<String> ports(List<NetworkPolicyPort> ports) {
        Set<String> named = new TreeSet<>();
        ports.forEach(port -> named.add(port.getPort().getIntVal() + "/" + port.getProtocol()));
        return named;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty();
    }

    /** Whether {@code selector} selects a pod with {@code labels} (matchLabels and In/NotIn/Exists expressions). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean matches = switch (requirement.getOperator()) {
                case "In" -> requirement.getValues().contains(value);
                case "NotIn" -> !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + requirement.getOperator());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
