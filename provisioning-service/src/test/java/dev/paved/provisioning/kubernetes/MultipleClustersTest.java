package dev.paved.provisioning.kubernetes;

import static dev.paved.provisioning.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ObjectRef;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.Step;
import dev.paved.common.problem.Problem;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.SecondClusterResource.SecondCluster;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Environments land on the cluster they name, or on the default one: two clusters, each a context of
 * the same kubeconfig file, each context a different Kubernetes API.
 */
@QuarkusTest
@TestProfile(MultipleClustersTest.TwoClusters.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class MultipleClustersTest {

    /** Clusters {@code first} (the default) and {@code second}, configured by their kubeconfig contexts. */
    public static class TwoClusters implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecondClusterResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paved.provisioning.default-cluster", SecondClusterResource.FIRST);
        }
    }

    private static final String TEAM = "payments";

    /** The first cluster's API, shared with the other tests: a client of the test's own, and the double behind it. */
    KubernetesClient firstCluster;
    KubernetesApiDouble firstApi;
    SecondCluster secondCluster;

    private static Operation create(CreateEnvironmentRequest.Builder request) {
        return GrpcClients.environments(Provisioning.member(TEAM)).createEnvironment(request.build());
    }

    private static CreateEnvironmentRequest.Builder request(String application) {
        return CreateEnvironmentRequest.newBuilder().setTeam(TEAM).setApplication(application).setStage("dev");
    }

    private static Operation succeeded(Operation operation) {
        Operation finished = Provisioning.awaitFinal(operation.getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, finished.getState(), finished.toString());
        return finished;
    }

    private static Environment environment(String name) {
        return GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build());
    }

    private static List<ObjectRef> objectsOf(Operation operation) {
        return operation.getStepsList().stream().map(Step::getObject).toList();
    }

    private static boolean exists(KubernetesClient cluster, ObjectRef object) {
        GenericKubernetesResource skeleton = new GenericKubernetesResourceBuilder()
                .withApiVersion(object.getApiVersion()).withKind(object.getKind())
                .withNewMetadata().withName(object.getName())
                .withNamespace(object.getNamespace().isEmpty() ? null : object.getNamespace()).endMetadata()
                .build();
        return cluster.resource(skeleton).get() != null;
    }

    private static void assertOnlyOn(KubernetesClient home, KubernetesClient other, List<ObjectRef> objects) {
        for (ObjectRef object : objects) {
            assertTrue(exists(home, object), "missing from its cluster: " + object);
            assertFalse(exists(other, object), "on the other cluster: " + object);
        }
    }

    @Test
    void createsAndDeletesTheEnvironmentOnTheClusterItNames() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";

        Operation created = succeeded(create(request(application).setCluster(SecondClusterResource.SECOND)));

        List<ObjectRef> baseline = objectsOf(created);
        assertEquals("Namespace", baseline.get(0).getKind());
        assertEquals(name, baseline.get(0).getName());
        assertOnlyOn(secondCluster.client(), firstCluster, baseline);
        assertEquals(SecondClusterResource.SECOND, environment(name).getCluster());

        Operation deleted = succeeded(GrpcClients.environments(Provisioning.member(TEAM))
                .deleteEnvironment(DeleteEnvironmentRequest.newBuilder().setName(name).build()));

        assertEquals(baseline.size(), deleted.getStepsCount(), deleted.toString());
        for (ObjectRef object : baseline) {
            assertFalse(exists(secondCluster.client(), object), "still on its cluster: " + object);
        }
    }

    @Test
    void createsTheEnvironmentOnTheDefaultClusterWhenItNamesNone() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";

        Operation created = succeeded(create(request(application)));

        assertOnlyOn(firstCluster, secondCluster.client(), objectsOf(created));
        assertEquals(SecondClusterResource.FIRST, environment(name).getCluster());
    }

    @Test
    void refusesAnUnknownClusterAndAppliesNothingAnywhere() {
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        int secondClusterRequests = secondCluster.requestsReceived();

        Problem unknown = assertProblem(422, "UNKNOWN_CLUSTER", () -> create(request(application).setCluster("third")));

        assertEquals("/cluster", unknown.errors().get(0).pointer(), unknown.toString());
        assertEquals(secondClusterRequests, secondCluster.requestsReceived(), "a request reached the second cluster");
        assertEquals(Map.of(), firstApi.appliesIn(name), "something was applied to the first cluster");
        assertNull(firstCluster.namespaces().withName(name).get());
        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> environment(name));
    }
}
