package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;

/** What {@code kubectl apply -k k8s/overlays/<overlay>} would apply, rendered with kubectl's kustomize. */
class OverlaysTest {

    /** The services whose callers reach them over gRPC, with the setting that names their host. */
    private static final Map<String, String> BACKEND_HOSTS = Map.of("catalog-service", "PAVED_CATALOG_HOST",
            "provisioning-service", "PAVED_PROVISIONING_HOST", "observability-service", "PAVED_OBSERVABILITY_HOST");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void thereIsADevAndAProductionOverlay() {
        assertEquals(List.of("dev", "production"), Manifests.overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rendersTypedObjectsAllInThePavedNamespace(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);

        for (HasMetadata object : objects) {
            String what = object.getKind() + " " + object.getMetadata().getName();
            assertFalse(object instanceof GenericKubernetesResource, what + " is not a known kind");
            boolean clusterScoped = object instanceof Namespace || object instanceof ClusterRole
                    || object instanceof ClusterRoleBinding;
            assertEquals(clusterScoped ? null : Manifests.NAMESPACE, object.getMetadata().getNamespace(), what);
            assertEquals("paved", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"), what);
        }
        assertEquals("restricted", Manifests.named(objects, Namespace.class, Manifests.NAMESPACE).getMetadata()
                .getLabels().get("pod-security.kubernetes.io/enforce"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasItsDeploymentServiceServiceAccountDisruptionBudgetAndAutoscaler(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);

        for (String service : Manifests.SERVICES) {
            Deployment deployment = Manifests.named(objects, Deployment.class, service);
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertEquals(service, deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
            Manifests.named(objects, ServiceAccount.class, service);
            assertEquals(selector, Manifests.named(objects, Service.class, service).getSpec().getSelector());
            PodDisruptionBudget budget = Manifests.named(objects, PodDisruptionBudget.class, service);
            assertEquals(selector, budget.getSpec().getSelector().getMatchLabels());
            assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), service + " loses one pod at a time");
            HorizontalPodAutoscaler autoscaler = Manifests.named(objects, HorizontalPodAutoscaler.class, service);
            assertEquals(service, autoscaler.getSpec().getScaleTargetRef().getName());
            assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
            assertTrue(deployment.getSpec().getReplicas() == null,
                    service + ": the autoscaler owns the replica count, an apply does not reset it");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void grpcCallsToABackendAreSpreadOverAllItsPodsThroughAHeadlessService(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        Map<String, String> config = Manifests.config(objects);

        assertEquals("round_robin", config.get("PAVED_GRPC_LOAD_BALANCING_POLICY"));
        BACKEND_HOSTS.forEach((service, hostSetting) -> {
            Service headless = Manifests.named(objects, Service.class, config.get(hostSetting));
            assertEquals("None", headless.getSpec().getClusterIP(), service + ": DNS answers every pod");
            assertEquals(Manifests.named(objects, Deployment.class, service).getSpec().getSelector().getMatchLabels(),
                    headless.getSpec().getSelector(), service);
            assertEquals(config.get(hostSetting.replace("_HOST", "_PORT")),
                    String.valueOf(headless.getSpec().getPorts().get(0).getPort()), service);
        });
    }

    @Test
    void everyGrpcClientOfTheServicesTakesTheConfiguredLoadBalancingPolicy() throws IOException {
        Pattern client = Pattern.compile("^quarkus\\.grpc\\.clients\\.([a-z-]+)\\.host=", Pattern.MULTILINE);
        for (String service : Manifests.SERVICES) {
            String properties = Files.readString(Manifests.K8S.resolveSibling(service)
                    .resolve("src/main/resources/application.properties"));
            Matcher clients = client.matcher(properties);
            while (clients.find()) {
                String policy = "quarkus.grpc.clients." + clients.group(1)
                        + ".load-balancing-policy=${paved.grpc.load-balancing-policy:pick_first}";
                assertTrue(properties.contains(policy), service + ": " + policy);
            }
        }
    }

    @Test
    void productionRunsAtLeastTwoReplicasOfEveryService() {
        List<HasMetadata> objects = Manifests.overlay("production");

        for (String service : Manifests.SERVICES) {
            HorizontalPodAutoscaler autoscaler = Manifests.named(objects, HorizontalPodAutoscaler.class, service);
            assertTrue(autoscaler.getSpec().getMinReplicas() >= 2, service + " runs at least two replicas");
            assertTrue(autoscaler.getSpec().getMaxReplicas() >= autoscaler.getSpec().getMinReplicas(), service);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesAreTheBaseKustomizationsWithAFixedTag(String overlay) {
        Set<String> images = Manifests.ofKind(Manifests.overlay(overlay), Deployment.class).stream()
                .flatMap(deployment -> deployment.getSpec().getTemplate().getSpec().getContainers().stream())
                .map(container -> container.getImage()).collect(Collectors.toSet());

        @SuppressWarnings("unchecked")
        List<Map<String, String>> declared = (List<Map<String, String>>) Manifests.yaml(
                Manifests.BASE.resolve("kustomization.yaml")).get("images");
        assertEquals(declared.stream().map(image -> image.get("newName") + ":" + image.get("newTag"))
                .collect(Collectors.toSet()), images);
    }
}
