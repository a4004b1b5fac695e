package dev.paved.provisioning.operations.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.EnvironmentState;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.provisioning.Awaiting;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.kubernetes.KubernetesApiDouble;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.persistence.OperationProgress;
import dev.paved.provisioning.operations.persistence.OperationQueue;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Workers that die between steps, race each other, or meet a Kubernetes API that keeps failing. The
 * service runs no workers of its own here; each test makes the workers it needs, on the same
 * database, as other replicas would.
 */
@QuarkusTest
@TestProfile(ManualWorkers.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class OperationRecoveryTest {

    /** What a worker's death looks like from inside: nothing after it runs, nothing is recorded. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("the worker process died");
        }
    }

    KubernetesClient cluster;
    KubernetesApiDouble api;

    @Inject
    OperationQueue queue;
    @Inject
    OperationProgress progress;
    @Inject
    StepExecutors kubernetes;
    @Inject
    ProvisioningConfig config;

    @AfterEach
    void heal() {
        api.heal();
        drainQueue();
    }

    private OperationWorker worker(StepExecutor executor) {
        return new OperationWorker(queue, new OperationRunner(progress, executor, config));
    }

    /** Lets a normal worker finish whatever earlier tests left queued. */
    private void drainQueue() {
        OperationWorker worker = worker(kubernetes);
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            if (!worker.workOnce()) {
                return;
            }
        }
    }

    private static Operation operation(String id) {
        return GrpcClients.operations(Provisioning.ADMIN).getOperation(GetOperationRequest.newBuilder().setId(id)
                .build());
    }

    private void assertExactlyTheBaseline(String namespace) {
        assertEquals(1, cluster.serviceAccounts().inNamespace(namespace).list().getItems().size());
        assertEquals(1, cluster.rbac().roleBindings().inNamespace(namespace).list().getItems().size());
        assertEquals(1, cluster.resourceQuotas().inNamespace(namespace).list().getItems().size());
        assertEquals(1, cluster.limitRanges().inNamespace(namespace).list().getItems().size());
        assertEquals(4, cluster.network().networkPolicies().inNamespace(namespace).list().getItems().size());
    }

    @Test
    void resumesWhereAWorkerKilledBetweenStepsStopped() {
        drainQueue();
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Operation accepted = Provisioning.create(Provisioning.ADMIN, "payments", application, "dev");
        AtomicInteger executed = new AtomicInteger();
        OperationWorker doomed = worker(step -> {
            if (executed.incrementAndGet() > 3) {
                throw new SimulatedCrash();
            }
            return kubernetes.execute(step);
        });

        assertThrows(SimulatedCrash.class, doomed::workOnce);

        Operation afterCrash = operation(accepted.getId());
        assertEquals(OperationState.OPERATION_STATE_RUNNING, afterCrash.getState());
        assertEquals(List.of(StepState.STEP_STATE_SUCCEEDED, StepState.STEP_STATE_SUCCEEDED,
                StepState.STEP_STATE_SUCCEEDED, StepState.STEP_STATE_RUNNING, StepState.STEP_STATE_PENDING),
                afterCrash.getStepsList().subList(0, 5).stream().map(step -> step.getState()).toList());

        assertTrue(worker(kubernetes).workOnce(), "a fresh worker claims the operation the dead one held");

        Operation finished = operation(accepted.getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, finished.getState(), finished.toString());
        Map<String, Integer> applies = api.appliesIn(name);
        assertEquals(9, applies.size(), applies.toString());
        assertTrue(applies.values().stream().allMatch(count -> count == 1), "no step ran twice: " + applies);
        assertExactlyTheBaseline(name);
        assertEquals(1, finished.getSteps(3).getAttempts() - 1, "the interrupted step was attempted once more");
    }

    @Test
    void aDeploymentResumesWhereAKilledWorkerStoppedWithoutApplyingAnythingTwice() {
        drainQueue();
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Provisioning.create(Provisioning.ADMIN, "payments", application, "dev");
        drainQueue();
        Map<String, Integer> baseline = api.appliesIn(name);
        DeployResponse accepted = GrpcClients.deployments(Provisioning.ADMIN).deploy(DeployRequest.newBuilder()
                .setEnvironment(name).setSpecJson("""
                        {"name": "checkout", "goldenPath": "web-service",
                         "image": "registry.example.com/payments/checkout:1.4.2",
                         "ports": [{"name": "http", "port": 8080}],
                         "variables": {"MODE": "resumed"},
                         "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                                       "limits": {"cpu": "200m", "memory": "256Mi"}},
                         "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                         "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
                        """).build());
        AtomicInteger executed = new AtomicInteger();
        OperationWorker doomed = worker(step -> {
            if (executed.incrementAndGet() > 2) {
                throw new SimulatedCrash();
            }
            return kubernetes.execute(step);
        });

        assertThrows(SimulatedCrash.class, doomed::workOnce);
        assertEquals(OperationState.OPERATION_STATE_RUNNING, operation(accepted.getOperation().getId()).getState());
        assertTrue(worker(kubernetes).workOnce(), "a fresh worker claims the deployment the dead one held");

        Operation finished = operation(accepted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, finished.getState(), finished.toString());
        Map<String, Integer> applies = new java.util.TreeMap<>(api.appliesIn(name));
        applies.keySet().removeAll(baseline.keySet());
        assertEquals(finished.getStepsCount(), applies.size(), applies.toString());
        assertTrue(applies.values().stream().allMatch(count -> count == 1), "no object applied twice: " + applies);
        assertEquals(1, cluster.apps().deployments().inNamespace(name).list().getItems().size());
        assertEquals(1, GrpcClients.deployments(Provisioning.ADMIN).getWorkload(GetWorkloadRequest.newBuilder()
                .setEnvironment(name).setWorkload("checkout").build()).getCurrentRevision());
    }

    @Test
    void repeatsHarmlesslyAStepWhoseWorkerDiedBeforeRecordingIt() {
        drainQueue();
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        Operation accepted = Provisioning.create(Provisioning.ADMIN, "payments", application, "dev");
        AtomicInteger executed = new AtomicInteger();
        OperationWorker doomed = worker(step -> {
            StepOutcome outcome = kubernetes.execute(step);
            if (executed.incrementAndGet() == 5) {
                throw new SimulatedCrash();
            }
            return outcome;
        });

        assertThrows(SimulatedCrash.class, doomed::workOnce);
        assertTrue(worker(kubernetes).workOnce());

        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, operation(accepted.getId()).getState());
        Map<String, Integer> applies = api.appliesIn(name);
        assertEquals(9, applies.size(), applies.toString());
        assertEquals(1, applies.values().stream().filter(count -> count == 2).count(),
                "the step done but not recorded is applied again: " + applies);
        assertExactlyTheBaseline(name);
    }

    @Test
    void aClaimedOperationCannotBeClaimedByAnotherWorker() {
        drainQueue();
        Operation first = Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev");
        Operation second = Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev");

        try (OperationQueue.Claim a = queue.claimNext().orElseThrow();
                OperationQueue.Claim b = queue.claimNext().orElseThrow()) {
            assertNotEquals(a.operationId(), b.operationId());
            assertEquals(Set.of(first.getId(), second.getId()),
                    Set.of(a.operationId().toString(), b.operationId().toString()));
            assertTrue(queue.claimNext().isEmpty(), "both are held: there is nothing for a third worker");
            a.close();
            Optional<OperationQueue.Claim> again = queue.claimNext();
            assertEquals(a.operationId(), again.orElseThrow().operationId(), "a released claim can be taken");
            again.get().close();
        }
    }

    @Test
    void twoWorkersNeverRunTheSameOperationAtOnce() throws Exception {
        drainQueue();
        List<String> names = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String application = Provisioning.freshApplication();
            names.add(application + "-dev");
            operations.add(Provisioning.create(Provisioning.ADMIN, "search", application, "dev").getId());
        }
        Map<UUID, String> runningBy = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> stepsBy = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(2);
        for (String workerName : List.of("replica-a", "replica-b")) {
            OperationWorker worker = worker(step -> {
                String other = runningBy.putIfAbsent(step.operationId(), workerName);
                if (other != null && !other.equals(workerName)) {
                    overlaps.add(step.operationId() + " by " + other + " and " + workerName);
                }
                try {
                    stepsBy.computeIfAbsent(workerName, key -> new AtomicInteger()).incrementAndGet();
                    return kubernetes.execute(step);
                } finally {
                    if (step.position() == 8) {
                        runningBy.remove(step.operationId());
                    }
                }
            });
            Thread thread = new Thread(() -> {
                while (worker.workOnce()) {
                    Thread.onSpinWait();
                }
                done.countDown();
            });
            thread.start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));

        assertEquals(List.of(), overlaps);
        for (String id : operations) {
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, operation(id).getState());
        }
        for (String name : names) {
            Map<String, Integer> applies = api.appliesIn(name);
            assertEquals(9, applies.size());
            assertTrue(applies.values().stream().allMatch(count -> count == 1), applies.toString());
        }
        assertEquals(16 * 9, stepsBy.values().stream().mapToInt(AtomicInteger::get).sum());
        assertEquals(2, stepsBy.size(), "both workers took part: " + stepsBy);
    }

    @Test
    void failsWithAClearReasonWhenTheApiKeepsFailingPastTheDeadline() {
        drainQueue();
        String application = Provisioning.freshApplication();
        String name = application + "-dev";
        api.fail(-1, 503, KubernetesApiDouble.pathContains("/namespaces/" + name + "/resourcequotas"));
        Operation accepted = Provisioning.create(Provisioning.ADMIN, "payments", application, "dev");

        OperationWorker worker = worker(kubernetes);
        Operation failed = Awaiting.until(Duration.ofSeconds(15), () -> {
            worker.workOnce();
            return operation(accepted.getId());
        }, operation -> operation.getState() == OperationState.OPERATION_STATE_FAILED);

        assertEquals("KUBERNETES_UNAVAILABLE", failed.getError().getCode());
        assertTrue(failed.getError().getDetail().contains("ResourceQuota " + name + "/paved-quota"),
                failed.getError().getDetail());
        assertTrue(failed.getError().getDetail().contains("503"), failed.getError().getDetail());
        assertTrue(failed.getError().getDetail().contains("deadline"), failed.getError().getDetail());
        assertEquals(StepState.STEP_STATE_FAILED, failed.getSteps(3).getState());
        assertTrue(failed.getSteps(3).getAttempts() > 2, "it retried: " + failed.getSteps(3));
        assertEquals(StepState.STEP_STATE_CANCELLED, failed.getSteps(4).getState());
        assertEquals(EnvironmentState.ENVIRONMENT_STATE_FAILED, GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build()).getState());
    }

    @Test
    void cancelsAWaitingOperationAtOnceAndARunningOneBeforeItsNextStep() throws Exception {
        drainQueue();
        Operation waiting = Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev");
        Operation cancelled = GrpcClients.operations(Provisioning.ADMIN)
                .cancelOperation(CancelOperationRequest.newBuilder().setId(waiting.getId()).build());
        assertEquals(OperationState.OPERATION_STATE_CANCELLED, cancelled.getState());
        assertTrue(cancelled.getStepsList().stream().allMatch(step -> step.getState() == StepState.STEP_STATE_CANCELLED));
        assertTrue(queue.claimNext().isEmpty(), "a cancelled operation is no longer queued");

        Operation running = Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev");
        CountDownLatch inSecondStep = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        OperationWorker worker = worker(step -> {
            if (step.position() == 1) {
                inSecondStep.countDown();
                try {
                    proceed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return kubernetes.execute(step);
        });
        Thread thread = new Thread(worker::workOnce);
        thread.start();
        assertTrue(inSecondStep.await(10, TimeUnit.SECONDS));
        Operation marked = GrpcClients.operations(Provisioning.ADMIN)
                .cancelOperation(CancelOperationRequest.newBuilder().setId(running.getId()).build());
        assertEquals(OperationState.OPERATION_STATE_RUNNING, marked.getState());
        assertTrue(marked.getCancelRequested());
        proceed.countDown();
        thread.join(10_000);

        Operation stopped = operation(running.getId());
        assertEquals(OperationState.OPERATION_STATE_CANCELLED, stopped.getState());
        assertEquals(StepState.STEP_STATE_SUCCEEDED, stopped.getSteps(1).getState());
        assertEquals(StepState.STEP_STATE_CANCELLED, stopped.getSteps(2).getState());
    }
}
