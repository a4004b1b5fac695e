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
    private static final int MEASURED_ROUNDS = Integer.getInteger("paved.bench.rounds", 3);
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
            deleteWorkloads(blocking, environments, "warm-");
        }

        // The manifests the platform renders, from dry runs, applied by the bare client under other names.
        List<List<HasMetadata>> rendered = new ArrayList<>();
        for (int i = 0; i < WORKLOADS; i++) {
            DeployResponse plan = blocking.deploy(request(environments.get(i % ENVIRONMENTS), "bare-" + i, true));
            rendered.add(plan.getPlan().getManifestsList().stream()
                    .map(manifest -> (HasMetadata) serialization.unmarshal(manifest)).toList());
        }
        // A first round of the bare loop warms the client's own path (the typed model, which the platform
        // does not use); the rounds after it are measured.
        measureBare(rendered);
        int objectsPerWorkload = rendered.get(0).size();

        // Rounds of the bare loop then the platform, each side's median reported: one phase of one or two
        // seconds moves with what the JIT compilers and the machine do meanwhile.
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= MEASURED_ROUNDS; round++) {
            awaitCompilerQuiet();
            Measured bare = measureBare(rendered);
            awaitCompilerQuiet();
            Measured platform = measurePlatform(deployments, environments, "w" + round + "-", round);
            rounds.add(new Round(bare, platform));
            deleteWorkloads(blocking, environments, "w" + round + "-");
        }
        channel.shutdownNow();

        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "workloads deployed at once: %d into %d environments (%d objects each, workers: %s); %d rounds,"
                        + " each the bare loop then the platform%n", WORKLOADS, ENVIRONMENTS, objectsPerWorkload,
                System.getProperty("paved.bench.workers", "8"), MEASURED_ROUNDS));
        for (int i = 0; i < rounds.size(); i++) {
            Round round = rounds.get(i);
            summary.append(String.format(Locale.ROOT, "round %d: platform %.2f s (all requests answered after"
                    + " %.2f s; per operation p50 %.0f ms, p99 %.0f ms, max %.0f ms), bare loop %.2f s -> %.2f;"
                    + " CPU platform %.2f s (PostgreSQL %.2f s, JIT %.2f s), bare %.2f s (JIT %.2f s) -> %.2f,"
                    + " without the JIT %.2f%n", i + 1, round.platform.seconds, round.platform.acceptedSeconds,
                    round.platform.p50, round.platform.p99, round.platform.max, round.bare.seconds, round.wallRatio(),
                    round.platform.cpu[0], round.platform.cpu[1], round.platform.cpu[2], round.bare.cpu[0],
                    round.bare.cpu[2], round.cpuRatio(), round.cpuRatioWithoutJit()));
        }
        summary.append(String.format(Locale.ROOT, "medians of %d rounds: platform %.2f s, bare fabric8 loop"
                + " (server-side apply of the same manifests) %.2f s; platform / bare = %.2f%n"
                + "medians of the CPU ratios (this JVM with the in-process API, and PostgreSQL): %.2f, without the"
                + " JIT compilers %.2f%n", rounds.size(),
                median(rounds.stream().map(round -> round.platform.seconds).toList()),
                median(rounds.stream().map(round -> round.bare.seconds).toList()),
                median(rounds.stream().map(Round::wallRatio).toList()),
                median(rounds.stream().map(Round::cpuRatio).toList()),
                median(rounds.stream().map(Round::cpuRatioWithoutJit).toList())));
        System.out.println(summary);
        Files.writeString(Path.of("target", "bench-deployments.txt"), summary);
    }

    /** One side's phase: its wall clock, CPU (all, PostgreSQL's, the JIT's) and, for the platform, latencies. */
    private record Measured(double seconds, double[] cpu, double acceptedSeconds, double p50, double p99,
            double max) {
    }

    private record Round(Measured bare, Measured platform) {

        double wallRatio() {
            return platform.seconds / bare.seconds;
        }

        double cpuRatio() {
            return platform.cpu[0] / bare.cpu[0];
        }

        double cpuRatioWithoutJit() {
            return (platform.cpu[0] - platform.cpu[2]) / (bare.cpu[0] - bare.cpu[2]);
        }
    }

    /** The bare loop: every manifest applied one after another; its objects are deleted again after. */
    private Measured measureBare(List<List<HasMetadata>> rendered) {
        long started = System.nanoTime();
        CpuClock.Reading cpuStarted = CpuClock.now();
        for (List<HasMetadata> objects : rendered) {
            for (HasMetadata object : objects) {
                cluster.resource(object).fieldManager("paved").forceConflicts().serverSideApply();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] cpu = CpuClock.now().secondsSince(cpuStarted);
        // The platform applies into a store as large as the bare loop found: the mock API server's
        // cost per request grows with every object it holds.
        for (List<HasMetadata> objects : rendered) {
            objects.forEach(object -> cluster.resource(object).delete());
        }
        return new Measured(seconds, cpu, 0, 0, 0, 0);
    }

    /** The platform: every workload deployed at once, until every operation has ended. */
    private Measured measurePlatform(DeploymentServiceGrpc.DeploymentServiceFutureStub deployments,
            List<String> environments, String prefix, int round) throws Exception {
        Instant started = Instant.now();
        CpuClock.Reading cpuStarted = CpuClock.now();
        PhaseProfile profile = PhaseProfile.startIfAsked("deployments-" + round, database);
        List<ListenableFuture<DeployResponse>> accepted = deployAll(deployments, environments, prefix);
        List<String> ids = new ArrayList<>();
        for (ListenableFuture<DeployResponse> response : accepted) {
            ids.add(response.get().getOperation().getId());
        }
        double acceptedSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        awaitNoneOpen();
        double[] cpu = CpuClock.now().secondsSince(cpuStarted);
        if (profile != null) {
            profile.close();
        }
        List<Operation> finished = ids.stream().map(id -> GrpcClients.operations(Provisioning.ADMIN)
                .getOperation(GetOperationRequest.newBuilder().setId(id).build())).toList();
        assertEquals(WORKLOADS, finished.stream()
                .filter(operation -> operation.getState() == OperationState.OPERATION_STATE_SUCCEEDED).count());
        Instant lastFinish = finished.stream().map(operation -> Instant.ofEpochSecond(
                operation.getFinishedAt().getSeconds(), operation.getFinishedAt().getNanos()))
                .max(Instant::compareTo).orElseThrow();
        List<Double> latencies = finished.stream()
                .map(operation -> (operation.getFinishedAt().getSeconds() - operation.getCreatedAt().getSeconds()) * 1000.0
                        + (operation.getFinishedAt().getNanos() - operation.getCreatedAt().getNanos()) / 1e6)
                .sorted().toList();
        return new Measured(Duration.between(started, lastFinish).toMillis() / 1000.0, cpu, acceptedSeconds,
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    /** Deletes the workloads deployed under {@code prefix} and waits until they are gone. */
    private static void deleteWorkloads(DeploymentServiceGrpc.DeploymentServiceBlockingStub blocking,
            List<String> environments, String prefix) {
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < WORKLOADS; i++) {
            deleted.add(blocking.deleteWorkload(DeleteWorkloadRequest.newBuilder()
                    .setEnvironment(environments.get(i % ENVIRONMENTS)).setWorkload(prefix + i).build()).getId());
        }
        deleted.forEach(Provisioning::awaitFinal);
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

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
