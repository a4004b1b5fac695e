package dev.paved.observability.api;

import static dev.paved.observability.api.ObservabilityClients.SHOP;
import static dev.paved.observability.api.ObservabilityClients.blocking;
import static dev.paved.observability.kubernetes.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.GetUsageRequest;
import dev.paved.api.observability.v1.Health;
import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.api.observability.v1.ListPodsRequest;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.kubernetes.ApiAccess;
import dev.paved.testing.kubernetes.ClusterRoleRules;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The ClusterRole observability-service runs with in production ({@code paved-observer} in
 * k8s/base/rbac.yaml) against what the service asks of the Kubernetes API while it observes a
 * namespace: its informers, a status, pods, events, logs and usage. Every request must be allowed,
 * and every grant must be used.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class ObserverRbacTest {

    private static final String ENVIRONMENT = "ledger-dev";

    KubernetesClient kubernetes;

    @Test
    void theObserverRoleAllowsEveryRequestOfTheServiceAndGrantsNothingUnused() {
        FakeProvisioning.environment(ENVIRONMENT, "shop", ENVIRONMENT, FakeProvisioning.workload("Deployment", "books"));
        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ENVIRONMENT)
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
        kubernetes.resource(ObservabilityGrpcServiceTest.deployment(ENVIRONMENT, "books", null)).create();

        eventually("books healthy", () -> ObservabilityGrpcServiceTest.health(blocking(SHOP).getEnvironmentStatus(
                GetEnvironmentStatusRequest.newBuilder().setEnvironment(ENVIRONMENT).build()), "books")
                == Health.HEALTH_HEALTHY);
        blocking(SHOP).listPods(ListPodsRequest.newBuilder().setEnvironment(ENVIRONMENT).build());
        blocking(SHOP).listEvents(ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT).build());
        eventually("books logged", () -> blocking(SHOP).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("books").build()).getLinesCount() > 0);
        eventually("books' usage", () -> blocking(SHOP).getUsage(GetUsageRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("books").build()).getContainersCount() > 0);

        ClusterRoleRules observer = ClusterRoleRules.named("paved-observer");
        List<ApiAccess> used = SimulatedClusterResource.serviceCalls().stream()
                .filter(call -> concerns(call.uri(), ENVIRONMENT))
                .flatMap(call -> call.accesses().stream()).toList();
        assertFalse(used.isEmpty(), "the service's requests are recorded");
        List<String> refused = used.stream().filter(access -> !observer.allows(access)).map(ApiAccess::toString)
                .distinct().toList();
        assertEquals(List.of(), refused, "requests paved-observer does not allow");

        Set<String> usedForAnyObject = new TreeSet<>();
        used.forEach(access -> usedForAnyObject.add(access.anyObject().toString()));
        assertEquals(observer.grantedForAnyObject(), usedForAnyObject, "what paved-observer grants");
    }

    /** A request about the whole cluster (the managed namespaces) or about {@code namespace} and what is in it. */
    private static boolean concerns(String uri, String namespace) {
        String path = uri.split("\\?", 2)[0];
        return !path.contains("/namespaces/") || path.endsWith("/namespaces/" + namespace)
                || path.contains("/namespaces/" + namespace + "/");
    }
}
