package dev.paved.provisioning.deployments.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.provisioning.environments.domain.Environment;
import dev.paved.provisioning.environments.domain.EnvironmentState;
import dev.paved.provisioning.environments.persistence.EnvironmentStore;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class DeploymentStoreTest {

    @Inject
    DeploymentStore store;
    @Inject
    EnvironmentStore environments;

    /**
     * A deployment reads its workload while it plans, then locks it to record the revision. Another
     * deployment that commits in between must not be missed: numbering from what the plan read gave
     * two revisions the same number, and the second deployment failed on the primary key.
     */
    @Test
    void aRevisionRecordedAfterAnotherCommittedIsNumberedAfterItEvenWhenItsPlanReadTheWorkloadBefore()
            throws Exception {
        UUID environmentId = UUID.randomUUID();
        String name = "store-" + environmentId.toString().substring(0, 8);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> environments.create(new Environment(environmentId, name, "payments",
                name, "dev", "small", "local", name, EnvironmentState.READY, 0, "test", now, now, null, null)));
        QuarkusTransaction.requiringNew().run(() -> store.record(revision(environmentId, name), UUID.randomUUID()));

        CountDownLatch planned = new CountDownLatch(1);
        CountDownLatch otherCommitted = new CountDownLatch(1);
        CompletableFuture<Long> late = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew()
                .call(() -> {
                    store.provisioned(environmentId, "web");
                    planned.countDown();
                    otherCommitted.await(30, TimeUnit.SECONDS);
                    return store.record(revision(environmentId, name), UUID.randomUUID()).number();
                }));
        planned.await(30, TimeUnit.SECONDS);
        long other = QuarkusTransaction.requiringNew()
                .call(() -> store.record(revision(environmentId, name), UUID.randomUUID()).number());
        otherCommitted.countDown();

        assertEquals(2, other);
        assertEquals(3, late.get(30, TimeUnit.SECONDS));
    }

    private static DeploymentStore.NewRevision revision(UUID environmentId, String environmentName) {
        return new DeploymentStore.NewRevision(environmentId, environmentName, "web", "payments", environmentName,
                "dev", environmentName, "component:default/" + environmentName, "Deployment", "web-service", "1.0.0",
                "{}", List.of("{}"), "digest", List.of(), List.of(), 100, 1 << 20, "test", null, null, null, null, null);
    }
}
