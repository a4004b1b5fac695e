package dev.paved.observability.kubernetes;

import static dev.paved.observability.kubernetes.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.observability.health.domain.Health;
import dev.paved.observability.health.domain.HealthAssessment;
import dev.paved.observability.health.domain.WorkloadHealth;
import dev.paved.observability.health.domain.WorkloadRef;
import dev.paved.testing.OidcTestResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The cache as the service runs it: started at start, on the configured {@code local} cluster. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class ClusterCacheStartupTest {

    @Inject
    KubernetesClient client;

    @Inject
    ClusterCache cache;

    @Inject
    HealthAssessment assessment;

    @Test
    void isReadyOnceTheManagedNamespacesAreListed() {
        eventually("the cache synced", cache::hasSynced);

        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'cluster-cache' }.status", equalTo("UP"));
    }

    @Test
    void theHealthOfAWorkloadInAManagedNamespaceIsReadFromTheCache() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-staging")
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
        client.apps().deployments().inNamespace("shop-staging").resource(ClusterCacheTest.deployment("web")).create();

        eventually("the Deployment in the cache", () -> cache.workloadsOf("local", "shop-staging")
                .map(objects -> objects.workload(WorkloadRef.deployment("web")).isPresent()).orElse(false));
        WorkloadHealth web = assessment.workload(cache.workloadsOf("local", "shop-staging").orElseThrow(), "web",
                List.of(WorkloadRef.deployment("web")), Instant.now());

        assertEquals(Health.PROGRESSING, web.health(), "no controller has observed it: " + web.reasons());
    }
}
