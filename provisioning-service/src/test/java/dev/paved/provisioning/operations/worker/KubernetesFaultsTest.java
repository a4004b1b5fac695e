package dev.paved.provisioning.operations.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationEventType;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.KubernetesApiDouble;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The Kubernetes API answers 500, 429 or not at all for a while: operations wait, then finish. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class KubernetesFaultsTest {

    KubernetesApiDouble api;

    @AfterEach
    void heal() {
        api.heal();
    }

    @Test
    void retriesServerErrorsAndThrottlingThenSucceeds() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        api.fail(3, 500, KubernetesApiDouble.pathContains("/namespaces/" + name + "/networkpolicies"));
        api.fail(2, 429, KubernetesApiDouble.pathContains("/namespaces/" + name + "/serviceaccounts"));

        Operation accepted = Provisioning.create(Provisioning.member("payments"), "payments", application, "dev");
        List<OperationEvent> events = new ArrayList<>();
        GrpcClients.operations(Provisioning.ADMIN).watchOperation(WatchOperationRequest.newBuilder()
                .setId(accepted.getId()).build()).forEachRemaining(events::add);
        Operation done = Provisioning.awaitFinal(accepted.getId());

        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
        assertEquals(3, done.getSteps(1).getAttempts(), done.getSteps(1).toString());
        assertEquals(4, done.getSteps(5).getAttempts(), done.getSteps(5).toString());
        List<OperationEvent> retries = events.stream()
                .filter(event -> event.getType() == OperationEventType.OPERATION_EVENT_TYPE_STEP_RETRY).toList();
        assertEquals(5, retries.size());
        assertTrue(retries.stream().anyMatch(event -> event.getMessage().contains("429")), retries.toString());
        assertTrue(retries.stream().anyMatch(event -> event.getMessage().contains("500")
                && event.getMessage().contains("NetworkPolicy " + name + "/paved-default-deny")), retries.toString());
    }

    @Test
    void retriesTimeoutsThenSucceeds() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        api.stall(2, Duration.ofSeconds(3), KubernetesApiDouble.pathContains("/namespaces/" + name + "/limitranges"));

        Operation done = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member("payments"), "payments", application, "dev").getId());

        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
        assertEquals(3, done.getSteps(4).getAttempts(), done.getSteps(4).toString());
    }

    @Test
    void aDeploymentRetriesServerErrorsOfTheApiThenSucceeds() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Provisioning.awaitFinal(Provisioning.create(Provisioning.member("payments"), "payments", application, "dev")
                .getId());
        api.fail(2, 503, KubernetesApiDouble.pathContains("/namespaces/" + name + "/deployments/checkout"));

        Operation done = Provisioning.awaitFinal(GrpcClients.deployments(Provisioning.member("payments")).deploy(
                DeployRequest.newBuilder().setEnvironment(name).setSpecJson("""
                        {"name": "checkout", "goldenPath": "worker",
                         "image": "registry.example.com/payments/checkout:1.4.2",
                         "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                                       "limits": {"cpu": "200m", "memory": "256Mi"}}}
                        """).build()).getOperation().getId());

        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
        Step deployment = done.getStepsList().stream().filter(step -> step.getObject().getKind().equals("Deployment"))
                .findFirst().orElseThrow();
        assertEquals(3, deployment.getAttempts(), deployment.toString());
    }
}
