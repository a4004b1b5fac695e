package dev.paved.provisioning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.common.util.concurrent.ListenableFuture;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.catalog.FakeCatalog;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * W workloads (100 by default) deployed at once into E environments (10 by default) through the
 * platform's gRPC API, against the in-process Kubernetes API, compared with applying the very same
 * rendered manifests (taken from dry runs beforehand) with the bare fabric8 client in a loop.
 * Run by bench/provisioning/run-deployments.sh; writes target/bench-deployments.txt.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class DeploymentBenchmark {

    private static final int WORKLOADS = Integer.getInteger("paved.bench.workloads", 100);
    private static final int ENVIRONMENTS = Integer.getInteger("paved.bench.environments", 10);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("paved.bench.warm-up-rounds", 5);
    private static final String TEAM = "bench";
    private static final String IMAGE = "registry.example.com/bench/service:1.0.0";
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    KubernetesClient cluster;

    @Inject
    DataSource database;

    @Test
    void deploysWorkloadsAtOnceWithinReachOfTheBareClient() throws Exception {
        FakeCatalog.GROUPS.add(TEAM);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> environments = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            String application = "d" + run + "-" + i;
            created.add(Provisioning.create(Provisioning.ADMIN, TEAM, application, "dev").getId());
            environments.add(application + "-dev");
        }
        created.forEach(Provisioning::awaitFinal);
        DeploymentServiceGrpc.DeploymentServiceBlockingStub blocking = GrpcClients.deployments(Provisioning.ADMIN);

        // Warm-up: rounds of as many deployments at once along the same path, other workload names, so
        // that the platform's code is compiled as the bare client's is by then; they are deleted again,
        // so that the rollout tracker follows none of them and the API's store is as large as before.
        ManagedChannel channel = AdminChannel.open();
        DeploymentServiceGrpc.DeploymentServiceFutureStub deployments = DeploymentServiceGrpc.newFutureStub(channel)
                .withInterceptors(AdminChannel.asAdmin());
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            List<String> warmUp = new ArrayList<>();
            for (ListenableFuture<DeployResponse> response : deployAll(deployments, environments, "warm-")) {
                warmUp.add(response.get().getOperation().getId());
            }
            warmUp.forEach(Provisioning::awaitFinal);
            List<String> deleted = new ArrayList<>();
            for (int i = 0; i < WORKLOADS; i++) {
                deleted.add(blocking.deleteWorkload(DeleteWorkloadRequest.newBuilder()
                        .setEnvironment(environments.get(i % ENVIRONMENTS)).setWorkload("warm-" + i).build()).getId());
            }
            deleted.forEach(Provisioning::awaitFinal);
        }

        // The manifests the platform renders, from dry runs, applied by the bare client under other names.
        List<List<HasMetadata>> rendered = new ArrayList<>();
        for (int i = 0; i < WORKLOADS; i++) {
            DeployResponse plan = blocking.deploy(request(environments.get(i % ENVIRONMENTS), "bare-" + i, true));
            rendered.add(plan.getPlan().getManifestsList().stream()
                    .map(manifest -> (HasMetadata) serialization.unmarshal(manifest)).toList());
        }
        // The bare loop's first round warms the client's own path (the typed model, which the platform
        // does not use); the second is measured.
        applyAndDelete(rendered);
        awaitCompilerQuiet();
        long bareStarted = System.nanoTime();
        CpuClock.Reading bareCpuStarted = CpuClock.now();
        for (List<HasMetadata> objects : rendered) {
            for (HasMetadata object : objects) {
                cluster.resource(object).fieldManager("paved").forceConflicts().serverSideApply();
            }
        }
        double bareSeconds = (System.nanoTime() - bareStarted) / 1e9;
        double[] bareCpu = CpuClock.now().secondsSince(bareCpuStarted);
        int objectsPerWorkload = rendered.get(0).size();
        // The platform applies into a store as large as the bare loop found: the mock API server's
        // cost per request grows with every object it holds.
        for (List<HasMetadata> objects : rendered) {
            objects.forEach(object -> cluster.resource(object).delete());
        }
        awaitCompilerQuiet();

        Instant started = Instant.now();
        CpuClock.Reading cpuStarted = CpuClock.now();
        PhaseProfile profile = PhaseProfile.startIfAsked("deployments", database);
        List<ListenableFuture<DeployResponse>> accepted = deployAll(deployments, environments, "w-");
        List<String> ids = new ArrayList<>();
        for (ListenableFuture<DeployResponse> response : accepted) {
            ids.add(response.get().getOperation().getId());
        }
        double acceptedSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        awaitNoneOpen();
        double[] platformCpu = CpuClock.now().secondsSince(cpuStarted);
        if (profile != null) {
            profile.close();
        }
        List<Operation> finished = ids.stream().map(id -> GrpcClients.operations(Provisioning.ADMIN)
                .getOperation(GetOperationRequest.newBuilder().setId(id).build())).toList();
        channel.shutdownNow();
        Instant lastFinish = finished.stream().map(operation -> Instant.ofEpochSecond(
                operation.getFinishedAt().getSeconds(), operation.getFinishedAt().getNanos()))
                .max(Instant::compareTo).orElseThrow();
        List<Double> latencies = finished.stream()
                .map(operation -> (operation.getFinishedAt().getSeconds() - operation.getCreatedAt().getSeconds()) * 1000.0
                        + (operation.getFinishedAt().getNanos() - operation.getCreatedAt().getNanos()) / 1e6)
                .sorted().toList();
        long succeeded = finished.stream()
                .filter(operation -> operation.getState() == OperationState.OPERATION_STATE_SUCCEEDED).count();
        double platformSeconds = Duration.between(started, lastFinish).toMillis() / 1000.0;

        String summary = String.format(Locale.ROOT, """
                workloads deployed at once: %d into %d environments (%d objects each, workers: %s)
                platform: %d SUCCEEDED in %.2f s total (all requests answered after %.2f s); per operation p50 %.0f ms, p99 %.0f ms, max %.0f ms
                bare fabric8 loop, server-side apply of the same manifests: %.2f s  -> platform / bare = %.2f
                CPU used (this JVM with the in-process API, and PostgreSQL): platform %.2f s (PostgreSQL %.2f s, JIT compilers %.2f s), bare loop %.2f s (%.2f s, %.2f s) -> %.2f
                CPU without the JIT compilers: platform %.2f s, bare loop %.2f s -> %.2f
                """, WORKLOADS, ENVIRONMENTS, objectsPerWorkload, System.getProperty("paved.bench.workers", "8"),
                succeeded, platformSeconds, acceptedSeconds, percentile(latencies, 50), percentile(latencies, 99),
                latencies.get(latencies.size() - 1), bareSeconds, platformSeconds / bareSeconds,
                platformCpu[0], platformCpu[1], platformCpu[2], bareCpu[0], bareCpu[1], bareCpu[2],
                platformCpu[0] / bareCpu[0], platformCpu[0] - platformCpu[2], bareCpu[0] - bareCpu[2],
                (platformCpu[0] - platformCpu[2]) / (bareCpu[0] - bareCpu[2]));
        System.out.println(summary);
        Files.writeString(Path.of("target", "bench-deployments.txt"), summary);
        assertEquals(WORKLOADS, succeeded);
    }

    private void applyAndDelete(List<List<HasMetadata>> rendered) {
        for (List<HasMetadata> objects : rendered) {
            for (HasMetadata object : objects) {
                cluster.resource(object).fieldManager("paved").forceConflicts().serverSideApply();
            }
        }
        for (List<HasMetadata> objects : rendered) {
            objects.forEach(object -> cluster.resource(object).delete());
        }
    }

    /**
     * Waits until the JIT compilers have been idle for a second (at most a minute): on a loaded
     * machine they lag behind the warm-up, and what they still compile would be charged to the
     * phase measured next.
     */
    private static void awaitCompilerQuiet() throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long before = compiler.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = compiler.getTotalCompilationTime();
            if (now == before) {
                return;
            }
            before = now;
        }
    }

    private static List<ListenableFuture<DeployResponse>> deployAll(
            DeploymentServiceGrpc.DeploymentServiceFutureStub deployments, List<String> environments, String prefix) {
        List<ListenableFuture<DeployResponse>> accepted = new ArrayList<>();
        for (int i = 0; i < WORKLOADS; i++) {
            accepted.add(deployments.deploy(request(environments.get(i % ENVIRONMENTS), prefix + i, false)));
        }
        return accepted;
    }

    private static DeployRequest request(String environment, String workload, boolean dryRun) {
        return DeployRequest.newBuilder().setEnvironment(environment).setDryRun(dryRun).setSpecJson("""
                {"name": "%s", "goldenPath": "web-service", "image": "%s", "replicas": 2,
                 "ports": [{"name": "http", "port": 8080}],
                 "variables": {"MODE": "bench"},
                 "resources": {"requests": {"cpu": "10m", "memory": "16Mi"},
                               "limits": {"cpu": "20m", "memory": "32Mi"}},
                 "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                 "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
                """.formatted(workload, IMAGE)).build();
    }

    /** Polled rarely, so that the poll does not take CPU from the platform it measures. */
    private static void awaitNoneOpen() throws InterruptedException {
        while (true) {
            Thread.sleep(500);
            boolean open = false;
            for (OperationState state : List.of(OperationState.OPERATION_STATE_PENDING,
                    OperationState.OPERATION_STATE_RUNNING)) {
                open |= GrpcClients.operations(Provisioning.ADMIN).listOperations(ListOperationsRequest.newBuilder()
                        .setTeam(TEAM).setType(OperationType.OPERATION_TYPE_DEPLOY_WORKLOAD).setState(state)
                        .setPage(PageRequest.newBuilder().setLimit(1)).build()).getOperationsCount() > 0;
            }
            if (!open) {
                return;
            }
        }
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
