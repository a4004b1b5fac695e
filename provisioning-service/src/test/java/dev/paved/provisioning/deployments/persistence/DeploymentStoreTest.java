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
     * A deployment locks its workload, reads it while it plans, then records the revision. A second
     * deployment must not read the workload before the first has committed: numbering from a row read
     * before another deployment committed gave two revisions the same number, and the second
     * deployment failed on the primary key. The first waits a moment for the second to read; with the
     * lock, the second cannot, and reads only once the first has committed.
     */
    @Test
    void aDeploymentReadsItsWorkloadOnlyAfterAnotherDeploymentOfItCommitted() throws Exception {
        UUID environmentId = UUID.randomUUID();
        String name = "store-" + environmentId.toString().substring(0, 8);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> environments.create(new Environment(environmentId, name, "payments",
                name, "dev", "small", "local", name, EnvironmentState.READY, 0, "test", now, now, null, null)));
        QuarkusTransaction.requiringNew().run(() -> store.record(revision(environmentId, name), UUID.randomUUID()));

        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch secondRead = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew()
                .call(() -> {
                    store.lockWorkload(environmentId, "web");
                    firstLocked.countDown();
                    secondRead.await(2, TimeUnit.SECONDS);
                    return store.record(revision(environmentId, name), UUID.randomUUID()).number();
                }));
        firstLocked.await(30, TimeUnit.SECONDS);
        long second = QuarkusTransaction.requiringNew().call(() -> {
            store.lockWorkload(environmentId, "web");
            store.provisioned(environmentId, "web");
            secondRead.countDown();
            return store.record(revision(environmentId, name), UUID.randomUUID()).number();
        });

        assertEquals(2, first.get(30, TimeUnit.SECONDS));
        assertEquals(3, second);
    }

    private static DeploymentStore.NewRevision revision(UUID environmentId, String environmentName) {
        return new DeploymentStore.NewRevision(environmentId, environmentName, "web", "payments", environmentName,
                "dev", environmentName, "component:default/" + environmentName, "Deployment", "web-service", "1.0.0",
                "{}", List.of("{}"), "digest", List.of(), List.of(), 100, 1 << 20, "test", null, null, null, null, null);
    }
}
