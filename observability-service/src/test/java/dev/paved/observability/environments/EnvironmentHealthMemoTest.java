package dev.paved.observability.environments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.observability.health.domain.EnvironmentHealth;
import dev.paved.observability.health.domain.Health;
import dev.paved.observability.health.domain.HealthAssessment;
import dev.paved.observability.health.domain.HealthPolicy;
import dev.paved.observability.health.domain.NamespaceObjects;
import dev.paved.observability.health.domain.WorkloadRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class EnvironmentHealthMemoTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration REUSE_FOR = Duration.ofSeconds(1);
    private static final List<WorkloadRef> WEB = List.of(WorkloadRef.deployment("web"));

    private final EnvironmentHealthMemo memo = new EnvironmentHealthMemo(new HealthAssessment(HealthPolicy.DEFAULT),
            REUSE_FOR);

    @Test
    void theSameSnapshotAndExpectedWorkloadsWithinReuseForAreNotAssessedAgain() {
        NamespaceObjects objects = namespace(deployment("web", 2, 2));
        EnvironmentHealth first = memo.environment("local", objects, WEB, NOW);

        assertSame(first, memo.environment("local", objects, WEB, NOW.plusMillis(999)));
    }

    @Test
    void aNewSnapshotOfTheNamespaceIsAssessedInTheNextRead() {
        assertEquals(Health.HEALTHY, memo.environment("local", namespace(deployment("web", 2, 2)), WEB, NOW).health());

        EnvironmentHealth changed = memo.environment("local", namespace(deployment("web", 3, 2)), WEB,
                NOW.plusMillis(1));

        assertEquals(Health.PROGRESSING, changed.health());
    }

    @Test
    void otherExpectedWorkloadsAreAssessedInTheNextRead() {
        NamespaceObjects objects = namespace(deployment("web", 2, 2));
        memo.environment("local", objects, WEB, NOW);

        EnvironmentHealth withApi = memo.environment("local", objects,
                List.of(WorkloadRef.deployment("web"), WorkloadRef.deployment("api")), NOW.plusMillis(1));

        assertEquals(Health.MISSING, withApi.health());
        assertEquals(List.of("web", "api"), withApi.workloads().stream().map(w -> w.workload().name()).toList());
    }

    @Test
    void anotherNamespaceOrClusterHasItsOwnHealth() {
        memo.environment("local", namespace(deployment("web", 2, 2)), WEB, NOW);

        assertEquals(Health.PROGRESSING, memo.environment("other", namespace(deployment("web", 3, 2)), WEB,
                NOW.plusMillis(1)).health());
    }

    @Test
    void aHealthComputedReuseForAgoOrInTheFutureIsAssessedAgain() {
        NamespaceObjects objects = namespace(deployment("web", 2, 2));
        EnvironmentHealth first = memo.environment("local", objects, WEB, NOW);

        EnvironmentHealth later = memo.environment("local", objects, WEB, NOW.plus(REUSE_FOR));
        assertNotSame(first, later);
        assertEquals(first, later);
        assertNotSame(later, memo.environment("local", objects, WEB, NOW.plus(REUSE_FOR).minusMillis(1)));
    }

    private static NamespaceObjects namespace(Deployment... deployments) {
        return NamespaceObjects.of("shop-dev", List.of(deployments), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** A Deployment whose rollout has updated {@code updated} of its {@code replicas}. */
    private static Deployment deployment(String name, int replicas, int updated) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("shop-dev").withGeneration(1L)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(updated).withUpdatedReplicas(updated)
                .withReadyReplicas(updated).withAvailableReplicas(updated).endStatus()
                .build();
    }
}
