package dev.paved.provisioning.environments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class EnvironmentProvisioningTest {

    KubernetesClient cluster;

    @Test
    void createsNamespaceWithTheGoldenPathBaseline() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Operation accepted = Provisioning.create(Provisioning.member("payments"), "payments", application, "dev");

        assertEquals(OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT, accepted.getType());
        assertEquals(OperationState.OPERATION_STATE_PENDING, accepted.getState());
        assertEquals(name, accepted.getTarget().getName());
        assertEquals("dev-payments", accepted.getRequestedBy());
        assertEquals(9, accepted.getStepsCount());

        Operation done = Provisioning.awaitFinal(accepted.getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
        assertTrue(done.getStepsList().stream().allMatch(step -> step.getState() == StepState.STEP_STATE_SUCCEEDED));

        Environment environment = GrpcClients.environments(Provisioning.member("payments"))
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build());
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_READY, environment.getState());
        assertEquals("small", environment.getTier());
        assertEquals("local", environment.getCluster());

        Namespace namespace = cluster.namespaces().withName(name).get();
        Map<String, String> labels = namespace.getMetadata().getLabels();
        assertEquals("paved", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("payments", labels.get("paved.dev/team"));
        assertEquals(application, labels.get("paved.dev/application"));
        assertEquals("dev", labels.get("paved.dev/stage"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/enforce"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/warn"));
        assertEquals("restricted", labels.get("pod-security.kubernetes.io/audit"));
        assertEquals(environment.getId(), namespace.getMetadata().getAnnotations().get("paved.dev/environment-id"));
        assertEquals("paved", namespace.getMetadata().getManagedFields().get(0).getManager());
        assertEquals("Apply", namespace.getMetadata().getManagedFields().get(0).getOperation());

        ServiceAccount workload = cluster.serviceAccounts().inNamespace(name).withName("workload").get();
        assertFalse(workload.getAutomountServiceAccountToken());

        RoleBinding binding = cluster.rbac().roleBindings().inNamespace(name).withName("paved-team").get();
        assertEquals("edit", binding.getRoleRef().getName());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals("Group", binding.getSubjects().get(0).getKind());
        assertEquals("payments", binding.getSubjects().get(0).getName());

        ResourceQuota quota = cluster.resourceQuotas().inNamespace(name).withName("paved-quota").get();
        assertEquals("20", quota.getSpec().getHard().get("pods").toString());
        assertEquals("4Gi", quota.getSpec().getHard().get("requests.memory").toString());
        LimitRange limits = cluster.limitRanges().inNamespace(name).withName("paved-limits").get();
        assertEquals("500m", limits.getSpec().getLimits().get(0).getDefault().get("cpu").toString());

        List<NetworkPolicy> policies = cluster.network().networkPolicies().inNamespace(name).list().getItems();
        assertEquals(4, policies.size());
        NetworkPolicy deny = cluster.network().networkPolicies().inNamespace(name).withName("paved-default-deny").get();
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress().isEmpty() && deny.getSpec().getEgress().isEmpty());
        NetworkPolicy ingress = cluster.network().networkPolicies().inNamespace(name)
                .withName("paved-allow-ingress-controller").get();
        assertEquals("ingress-nginx", ingress.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector()
                .getMatchLabels().get("kubernetes.io/metadata.name"));
        NetworkPolicy dns = cluster.network().networkPolicies().inNamespace(name).withName("paved-allow-dns").get();
        assertEquals(53, dns.getSpec().getEgress().get(0).getPorts().get(0).getPort().getIntVal());
        assertNotNull(cluster.network().networkPolicies().inNamespace(name).withName("paved-allow-same-namespace").get());
    }
}
