package dev.paved.provisioning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.common.util.concurrent.ListenableFuture;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.EnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.catalog.FakeCatalog;
import dev.paved.provisioning.environments.kubernetes.Baseline;
import dev.paved.provisioning.environments.kubernetes.EnvironmentSpec;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * N environments (200 by default) requested at once through the platform's gRPC API, against the
 * in-process Kubernetes API, compared with creating the same objects with the bare fabric8 client
 * in a loop. Run by bench/provisioning/run.sh; writes its summary to target/bench-provisioning.txt.
 * Every phase starts from an empty cluster (the mock API server's cost grows with what it stores),
 * and completion is polled rarely, so that the poll does not take CPU from the platform it measures.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class ProvisioningBenchmark {

    private static final int ENVIRONMENTS = Integer.getInteger("paved.bench.environments", 200);
    private static final String TEAM = "bench";
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    KubernetesClient cluster;

    @Inject
    Baseline baseline;

    @Test
    void provisionsEnvironmentsAtOnceWithinReachOfTheBareClient() throws Exception {
        FakeCatalog.GROUPS.add(TEAM);
        warmUp();
        emptyCluster();

        double bareSsa = bareClientSeconds(true);
        emptyCluster();
        double bareCreate = bareClientSeconds(false);
        emptyCluster();
        Result platform = platform();

        String summary = String.format(Locale.ROOT, """
                environments requested at once: %d (%d objects each, workers: %s)
                platform: all SUCCEEDED in %.2f s total; per operation p50 %.0f ms, p99 %.0f ms, max %.0f ms
                bare fabric8 loop, server-side apply: %.2f s  -> platform / bare = %.2f
                bare fabric8 loop, create:            %.2f s  -> platform / bare = %.2f
                """, ENVIRONMENTS, 9, System.getProperty("paved.bench.workers", "8"), platform.totalSeconds,
                platform.p50, platform.p99, platform.max, bareSsa, platform.totalSeconds / bareSsa, bareCreate,
                platform.totalSeconds / bareCreate);
        System.out.println(summary);
        Files.writeString(Path.of("target", "bench-provisioning.txt"), summary);
        assertEquals(ENVIRONMENTS, platform.succeeded);
    }

    private record Result(double totalSeconds, double p50, double p99, double max, int succeeded) {
    }

    private void warmUp() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Provisioning.create(Provisioning.ADMIN, TEAM, "warm-" + UUID.randomUUID().toString()
                    .substring(0, 8), "dev").getId());
        }
        ids.forEach(Provisioning::awaitFinal);
        bareLoop(10, true, "warm-bare-ssa");
        bareLoop(10, false, "warm-bare-create");
    }

    private Result platform() throws Exception {
        ManagedChannel channel = AdminChannel.open();
        EnvironmentServiceGrpc.EnvironmentServiceFutureStub environments = EnvironmentServiceGrpc.newFutureStub(channel)
                .withInterceptors(AdminChannel.asAdmin());
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant started = Instant.now();
        List<ListenableFuture<Operation>> accepted = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            accepted.add(environments.createEnvironment(CreateEnvironmentRequest.newBuilder().setTeam(TEAM)
                    .setApplication("b" + run + "-" + i).setStage("dev").build()));
        }
        for (ListenableFuture<Operation> operation : accepted) {
            operation.get();
        }
        List<Operation> finished = awaitAll("b" + run + "-");
        Instant lastFinish = finished.stream().map(operation -> Instant.ofEpochSecond(
                operation.getFinishedAt().getSeconds(), operation.getFinishedAt().getNanos()))
                .max(Instant::compareTo).orElseThrow();
        List<Double> latencies = finished.stream()
                .map(operation -> (operation.getFinishedAt().getSeconds() - operation.getCreatedAt().getSeconds()) * 1000.0
                        + (operation.getFinishedAt().getNanos() - operation.getCreatedAt().getNanos()) / 1e6)
                .sorted().collect(Collectors.toList());
        channel.shutdownNow();
        int succeeded = (int) finished.stream()
                .filter(operation -> operation.getState() == OperationState.OPERATION_STATE_SUCCEEDED).count();
        return new Result(Duration.between(started, lastFinish).toMillis() / 1000.0, percentile(latencies, 50),
                percentile(latencies, 99), latencies.get(latencies.size() - 1), succeeded);
    }

    /** The operations of this run (their environments' names start with {@code prefix}), once all ended. */
    private List<Operation> awaitAll(String prefix) throws InterruptedException {
        while (true) {
            Thread.sleep(500);
            if (hasOperationIn(OperationState.OPERATION_STATE_PENDING)
                    || hasOperationIn(OperationState.OPERATION_STATE_RUNNING)) {
                continue;
            }
            List<Operation> operations = GrpcClients.operations(Provisioning.ADMIN).listOperations(
                    ListOperationsRequest.newBuilder().setTeam(TEAM).setPage(PageRequest.newBuilder().setLimit(500))
                            .build()).getOperationsList().stream()
                    .filter(operation -> operation.getTarget().getName().startsWith(prefix)).toList();
            long open = operations.stream().filter(operation -> operation.getState() == OperationState.OPERATION_STATE_PENDING
                    || operation.getState() == OperationState.OPERATION_STATE_RUNNING).count();
            if (operations.size() >= ENVIRONMENTS && open == 0) {
                return operations;
            }
        }
    }

    private static boolean hasOperationIn(OperationState state) {
        return GrpcClients.operations(Provisioning.ADMIN).listOperations(ListOperationsRequest.newBuilder().setTeam(TEAM)
                .setState(state).setPage(PageRequest.newBuilder().setLimit(1)).build()).getOperationsCount() > 0;
    }

    /** Deletes every object of the baseline's kinds, so that the next phase meets the same cluster. */
    private void emptyCluster() {
        for (Namespace namespace : cluster.namespaces().list().getItems()) {
            String name = namespace.getMetadata().getName();
            if (!name.startsWith("warm-") && !name.startsWith("bare-") && !name.startsWith("b")) {
                continue;
            }
            cluster.rbac().roleBindings().inNamespace(name).delete();
            cluster.resourceQuotas().inNamespace(name).delete();
            cluster.limitRanges().inNamespace(name).delete();
            cluster.network().networkPolicies().inNamespace(name).delete();
            cluster.serviceAccounts().inNamespace(name).delete();
            cluster.namespaces().withName(name).delete();
        }
    }

    private double bareClientSeconds(boolean serverSideApply) {
        long started = System.nanoTime();
        bareLoop(ENVIRONMENTS, serverSideApply, serverSideApply ? "bare-ssa" : "bare-create");
        return (System.nanoTime() - started) / 1e9;
    }

    /** The same objects the platform applies, made with the fabric8 client one after another. */
    private void bareLoop(int environments, boolean serverSideApply, String prefix) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < environments; i++) {
            String name = prefix + "-" + run + "-" + i;
            List<PlannedStep> steps = baseline.applySteps(new EnvironmentSpec(UUID.randomUUID(), name, TEAM, name,
                    "dev", "small", name));
            for (PlannedStep step : steps) {
                HasMetadata object = serialization.unmarshal(step.manifest());
                if (serverSideApply) {
                    cluster.resource(object).fieldManager("paved").forceConflicts().serverSideApply();
                } else {
                    cluster.resource(object).create();
                }
            }
        }
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

}
