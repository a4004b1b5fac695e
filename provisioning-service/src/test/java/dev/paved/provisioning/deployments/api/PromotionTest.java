package dev.paved.provisioning.deployments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.PromoteRequest;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Problems;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.deployments.registry.OciRegistryResource;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Promotion pins images by the digest a real OCI registry answers for their tag. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OciRegistryResource.class, restrictToAnnotatedClass = true)
class PromotionTest {

    KubernetesClient cluster;

    @Test
    void promotesTheCurrentRevisionToTheNextStageWithItsImagePinnedByDigestAfterADryRunThatAppliesNothing() {
        String image = OciRegistryResource.host() + "/" + OciRegistryResource.REPOSITORY + ":" + OciRegistryResource.TAG;
        String application = Provisioning.freshApplication();
        String dev = Deploying.readyEnvironment("payments", application, "dev");
        String staging = Deploying.readyEnvironment("payments", application, "staging");
        String token = Provisioning.member("payments");
        DeployResponse deployed = Deploying.deploy(token, dev, Deploying.webService("checkout", image));
        assertEquals(OciRegistryResource.digest(), deployed.getRevision().getImages(0).getDigest(),
                "a loopback registry is asked at deploy time");
        Provisioning.awaitFinal(deployed.getOperation().getId());
        String pinned = OciRegistryResource.host() + "/" + OciRegistryResource.REPOSITORY + "@"
                + OciRegistryResource.digest();

        DeployResponse preview = GrpcClients.deployments(token).promote(PromoteRequest.newBuilder()
                .setEnvironment(dev).setWorkload("checkout").setDryRun(true).build());
        assertTrue(preview.getPlan().getManifestsList().stream().anyMatch(manifest -> manifest.contains(pinned)),
                "a promotion's dry run shows the pin: " + preview.getPlan().getManifestsList());
        assertNull(cluster.apps().deployments().inNamespace(staging).withName("checkout").get());

        DeployResponse promoted = GrpcClients.deployments(token).promote(PromoteRequest.newBuilder()
                .setEnvironment(dev).setWorkload("checkout").build());
        assertEquals(staging, promoted.getRevision().getEnvironment());
        assertEquals(dev + "/checkout#1", promoted.getRevision().getPromotedFrom());
        Operation done = Provisioning.awaitFinal(promoted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());

        Deployment running = cluster.apps().deployments().inNamespace(staging).withName("checkout").get();
        assertEquals(pinned, running.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertTrue(promoted.getRevision().getSpecJson().contains(OciRegistryResource.digest()));
    }

    @Test
    void aPromotionNeedsANextStageAndItsEnvironment() {
        String image = OciRegistryResource.host() + "/" + OciRegistryResource.REPOSITORY + ":" + OciRegistryResource.TAG;
        String application = Provisioning.freshApplication();
        String dev = Deploying.readyEnvironment("payments", application, "dev");
        String token = Provisioning.member("payments");
        Provisioning.awaitFinal(Deploying.deploy(token, dev, Deploying.webService("lonely", image)).getOperation()
                .getId());
        Problems.assertProblem(409, "NO_ENVIRONMENT_FOR_STAGE", () -> GrpcClients.deployments(token).promote(
                PromoteRequest.newBuilder().setEnvironment(dev).setWorkload("lonely").build()));
        Problems.assertProblem(422, "STAGE_SKIP_NOT_ALLOWED", () -> GrpcClients.deployments(token).promote(
                PromoteRequest.newBuilder().setEnvironment(dev).setWorkload("lonely").setStage("prod").build()));
        Problems.assertProblem(422, "INVALID_PROMOTION_STAGE", () -> GrpcClients.deployments(token).promote(
                PromoteRequest.newBuilder().setEnvironment(dev).setWorkload("lonely").setStage("dev").build()));
        Problems.assertProblem(404, "WORKLOAD_NOT_FOUND", () -> GrpcClients.deployments(token).promote(
                PromoteRequest.newBuilder().setEnvironment(dev).setWorkload("nobody").build()));
    }
}
