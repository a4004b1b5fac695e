package dev.paved.provisioning.environments.kubernetes;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.kubernetes.Labels;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.provisioning.operations.domain.StepAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The golden-path baseline of an environment, in the order it is applied: the namespace first, then
 * what lives in it. Every object carries Paved's labels and the environment's id, by which teardown
 * and the reconciler recognize what is theirs.
 */
@ApplicationScoped
public class Baseline {

    static final String SERVICE_ACCOUNT = "workload";
    static final String ROLE_BINDING = "paved-team";
    static final String QUOTA = "paved-quota";
    static final String LIMITS = "paved-limits";
    static final String DENY_ALL = "paved-default-deny";
    static final String ALLOW_DNS = "paved-allow-dns";
    static final String ALLOW_SAME_NAMESPACE = "paved-allow-same-namespace";
    static final String ALLOW_INGRESS_CONTROLLER = "paved-allow-ingress-controller";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final String POD_SECURITY = "pod-security.kubernetes.io/";
    private static final String RESTRICTED = "restricted";

    private final ProvisioningConfig config;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public Baseline(ProvisioningConfig config) {
        this.config = config;
    }

    /** One APPLY step per object of the baseline, manifests fixed now. */
    public List<PlannedStep> applySteps(EnvironmentSpec environment) {
        return render(environment).stream()
                .map(object -> new PlannedStep(StepAction.APPLY, refOf(object), serialization.asJson(object)))
                .toList();
    }

    List<HasMetadata> render(EnvironmentSpec environment) {
        ProvisioningConfig.Tier tier = config.tiers().get(environment.tier());
        String clusterRole = config.stages().get(environment.stage()).clusterRole();
        String namespace = environment.namespace();
        return List.of(
                new NamespaceBuilder().withMetadata(new ObjectMetaBuilder(metadata(environment, namespace, ""))
                        .addToLabels(POD_SECURITY + "enforce", RESTRICTED)
                        .addToLabels(POD_SECURITY + "enforce-version", "latest")
                        .addToLabels(POD_SECURITY + "warn", RESTRICTED)
                        .addToLabels(POD_SECURITY + "audit", RESTRICTED)
                        .build()).build(),
                new ServiceAccountBuilder().withMetadata(metadata(environment, SERVICE_ACCOUNT, namespace))
                        .withAutomountServiceAccountToken(false).build(),
                new RoleBindingBuilder().withMetadata(metadata(environment, ROLE_BINDING, namespace))
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group")
                        .withName(environment.team()).endSubject()
                        .build(),
                new ResourceQuotaBuilder().withMetadata(metadata(environment, QUOTA, namespace))
                        .withNewSpec().withHard(Map.of(
                                "requests.cpu", new Quantity(tier.quota().requestsCpu()),
                                "requests.memory", new Quantity(tier.quota().requestsMemory()),
                                "limits.cpu", new Quantity(tier.quota().limitsCpu()),
                                "limits.memory", new Quantity(tier.quota().limitsMemory()),
                                "pods", new Quantity(Integer.toString(tier.quota().pods()))))
                        .endSpec().build(),
                new LimitRangeBuilder().withMetadata(metadata(environment, LIMITS, namespace))
                        .withNewSpec().addNewLimit().withType("Container")
                        .withDefault(Map.of("cpu", new Quantity(tier.limits().defaultCpu()),
                                "memory", new Quantity(tier.limits().defaultMemory())))
                        .withDefaultRequest(Map.of("cpu", new Quantity(tier.limits().defaultRequestCpu()),
                                "memory", new Quantity(tier.limits().defaultRequestMemory())))
                        .endLimit().endSpec().build(),
                new NetworkPolicyBuilder().withMetadata(metadata(environment, DENY_ALL, namespace))
                        .withNewSpec().withPodSelector(allPods()).withPolicyTypes("Ingress", "Egress").endSpec()
                        .build(),
                new NetworkPolicyBuilder().withMetadata(metadata(environment, ALLOW_DNS, namespace))
                        .withNewSpec().withPodSelector(allPods()).withPolicyTypes("Egress")
                        .addNewEgress()
                        .addToTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(namespaceNamed("kube-system"))
                                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns")
                                        .build())
                                .build())
                        .addToPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53))
                                .build())
                        .addToPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53))
                                .build())
                        .endEgress()
                        .endSpec().build(),
                new NetworkPolicyBuilder().withMetadata(metadata(environment, ALLOW_SAME_NAMESPACE, namespace))
                        .withNewSpec().withPodSelector(allPods()).withPolicyTypes("Ingress", "Egress")
                        .addNewIngress().addToFrom(new NetworkPolicyPeerBuilder().withPodSelector(allPods()).build())
                        .endIngress()
                        .addNewEgress().addToTo(new NetworkPolicyPeerBuilder().withPodSelector(allPods()).build())
                        .endEgress()
                        .endSpec().build(),
                new NetworkPolicyBuilder().withMetadata(metadata(environment, ALLOW_INGRESS_CONTROLLER, namespace))
                        .withNewSpec().withPodSelector(allPods()).withPolicyTypes("Ingress")
                        .addNewIngress().addToFrom(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(namespaceNamed(config.ingressNamespace())).build())
                        .endIngress()
                        .endSpec().build());
    }

    private static ObjectMeta metadata(EnvironmentSpec environment, String name, String namespace) {
        ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName(name)
                .addToLabels(Labels.MANAGED_BY, Labels.PAVED)
                .addToLabels(Labels.PART_OF, environment.application())
                .addToLabels(Labels.TEAM, environment.team())
                .addToLabels(Labels.APPLICATION, environment.application())
                .addToLabels(Labels.STAGE, environment.stage())
                .addToLabels(Labels.ENVIRONMENT, environment.name())
                .addToAnnotations(Labels.ENVIRONMENT_ID, environment.id().toString())
                .addToAnnotations(Labels.TEAM_REF, "group:default/" + environment.team())
                .addToAnnotations(Labels.TIER, environment.tier());
        if (!namespace.isEmpty()) {
            metadata.withNamespace(namespace);
        }
        return metadata.build();
    }

    private static LabelSelector allPods() {
        return new LabelSelector();
    }

    private static LabelSelector namespaceNamed(String namespace) {
        return new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME_LABEL, namespace).build();
    }

    static ObjectRef refOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectRef(object.getApiVersion(), object.getKind(), namespace == null ? "" : namespace,
                object.getMetadata().getName());
    }
}
