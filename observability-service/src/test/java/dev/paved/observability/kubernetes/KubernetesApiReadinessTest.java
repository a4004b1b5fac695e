package dev.paved.observability.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class KubernetesApiReadinessTest {

    @Test
    void isReadyWhileTheKubernetesApiAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kubernetes-api"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }
}
