package dev.paved.observability.api;

import static dev.paved.observability.api.ObservabilityClients.SEARCH;
import static dev.paved.observability.api.ObservabilityClients.SHOP;
import static dev.paved.observability.api.ObservabilityClients.assertProblem;
import static dev.paved.observability.api.ObservabilityClients.blocking;
import static dev.paved.observability.kubernetes.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.paved.api.observability.v1.EnvironmentStatus;
import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.GetLogsResponse;
import dev.paved.api.observability.v1.GetUsageRequest;
import dev.paved.api.observability.v1.GetWorkloadStatusRequest;
import dev.paved.api.observability.v1.Health;
import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.api.observability.v1.ListPodsRequest;
import dev.paved.api.observability.v1.LogLine;
import dev.paved.api.observability.v1.Pod;
import dev.paved.api.observability.v1.QueryMetricsRangeRequest;
import dev.paved.api.observability.v1.QueryMetricsRequest;
import dev.paved.api.observability.v1.Usage;
import dev.paved.api.observability.v1.WorkloadStatus;
import dev.paved.common.problem.Problem;
import dev.paved.observability.kubernetes.ClusterCache;
import dev.paved.testing.OidcTestResource;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, pods and events over gRPC, against the simulated cluster, authorized by the fake provisioning. */
@QuarkusTest
@QuarkusTestResource(value = SimulatedClusterResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class ObservabilityGrpcServiceTest {

    static final String ENVIRONMENT = "shop-dev";
    static final String NAMESPACE = "shop-dev";
    static final String CART = "cart-dev";

    private static boolean deployed;

    @BeforeAll
    static void shopRunsWebAndBrokenAndLostGone() {
        FakeProvisioning.environment(ENVIRONMENT, "shop", NAMESPACE,
                FakeProvisioning.workload("Deployment", "web"), FakeProvisioning.workload("Deployment", "broken"),
                FakeProvisioning.workload("CronJob", "gone"));
        FakeProvisioning.environment("search-dev", "search", "search-dev");
        FakeProvisioning.environment(CART, "shop", CART, FakeProvisioning.workload("Deployment", "cart"));
    }

    KubernetesClient kubernetes;

    @Inject
    ClusterCache cache;

    void deployed() {
        if (!deployed) {
            deployed = true;
            kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                    .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
            kubernetes.resource(deployment(NAMESPACE, "web", null)).create();
            kubernetes.resource(deployment(NAMESPACE, "broken", "crash-loop")).create();
        }
        eventually("web healthy and broken degraded", () -> {
            EnvironmentStatus status = blocking(SHOP).getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder()
                    .setEnvironment(ENVIRONMENT).build());
            return health(status, "web") == Health.HEALTH_HEALTHY && health(status, "broken") == Health.HEALTH_DEGRADED;
        });
    }

    static Deployment deployment(String namespace, String name, String failure) {
        DeploymentBuilder deployment = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "paved").addToLabels("app.kubernetes.io/name", name)
                .endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app.kubernetes.io/name", name)
                .endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("app")
                        .withImage("registry.example.com/shop/" + name + ":1.0.0").build())
                .endSpec().endTemplate().endSpec();
        if (failure != null) {
            deployment.editMetadata().addToAnnotations("paved.dev/simulate", failure).endMetadata();
        }
        return deployment.build();
    }

    static Health health(EnvironmentStatus status, String workload) {
        return status.getWorkloadsList().stream().filter(w -> w.getName().equals(workload)).map(WorkloadStatus::getHealth)
                .findFirst().orElse(Health.HEALTH_UNSPECIFIED);
    }

    @Test
    void theStatusHasEveryWorkloadTheMissingOnesAndTheWorstAsTheEnvironmentsHealth() {
        deployed();
        EnvironmentStatus status = blocking(SHOP).getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).build());

        assertEquals(NAMESPACE, status.getNamespace());
        assertEquals(Health.HEALTH_DEGRADED, status.getHealth());
        assertEquals(Health.HEALTH_MISSING, health(status, "gone"));
        WorkloadStatus gone = status.getWorkloadsList().stream().filter(w -> w.getName().equals("gone")).findFirst()
                .orElseThrow();
        assertEquals("CronJob", gone.getKind());
        assertEquals("Missing", gone.getReasons(0).getReason());
        assertTrue(status.hasObservedAt(), "observed_at is set");
        Instant observedAt = Instant.ofEpochSecond(status.getObservedAt().getSeconds());
        assertTrue(observedAt.isAfter(Instant.now().minusSeconds(60)), observedAt.toString());
    }

    @Test
    void aChangeInTheNamespaceIsInTheFirstStatusReadAfterTheCacheHoldsIt() {
        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(CART)
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
        kubernetes.resource(deployment(CART, "cart", null)).create();
        eventually("cart healthy", () -> health(cartStatus(), "cart") == Health.HEALTH_HEALTHY);
        // Read again and again without a change: the health computed once is what these serve.
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("cart"), cartWorkloads());
        }

        kubernetes.resource(deployment(CART, "checkout", null)).create();
        eventually("the cache holds checkout", () -> cacheHolds("checkout"));
        assertEquals(List.of("cart", "checkout"), cartWorkloads());

        kubernetes.apps().deployments().inNamespace(CART).withName("cart").delete();
        eventually("the cache no longer holds cart", () -> !cacheHolds("cart"));
        EnvironmentStatus status = cartStatus();
        assertEquals(Health.HEALTH_MISSING, health(status, "cart"), status.toString());
    }

    private EnvironmentStatus cartStatus() {
        return blocking(SHOP).getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder().setEnvironment(CART).build());
    }

    private List<String> cartWorkloads() {
        return cartStatus().getWorkloadsList().stream().map(WorkloadStatus::getName).sorted().toList();
    }

    private boolean cacheHolds(String deployment) {
        return cache.workloadsOf("local", CART).orElseThrow().workloads().stream()
                .anyMatch(workload -> workload.name().equals(deployment));
    }

    @Test
    void aWorkloadsStatusHasItsReasons() {
        deployed();
        // A crash-looping container runs for a moment between its back-offs; the status is read in a back-off.
        AtomicReference<WorkloadStatus> read = new AtomicReference<>();
        eventually("broken read while it backs off", () -> {
            read.set(blocking(SHOP).getWorkloadStatus(GetWorkloadStatusRequest.newBuilder()
                    .setEnvironment(ENVIRONMENT).setWorkload("broken").build()));
            return read.get().getHealth() == Health.HEALTH_DEGRADED;
        });
        WorkloadStatus broken = read.get();

        assertEquals(Health.HEALTH_DEGRADED, broken.getHealth());
        assertEquals("Deployment", broken.getKind());
        assertEquals("CrashLoopBackOff", broken.getReasons(0).getReason(), broken.toString());
    }

    @Test
    void anExpectedWorkloadWithoutObjectsIsMissing() {
        deployed();
        WorkloadStatus gone = blocking(SHOP).getWorkloadStatus(GetWorkloadStatusRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("gone").build());

        assertEquals(Health.HEALTH_MISSING, gone.getHealth());
    }

    @Test
    void anUnknownWorkloadIsNotFound() {
        deployed();
        assertProblem(404, "WORKLOAD_NOT_FOUND", () -> blocking(SHOP).getWorkloadStatus(
                GetWorkloadStatusRequest.newBuilder().setEnvironment(ENVIRONMENT).setWorkload("nope").build()));
        assertProblem(404, "WORKLOAD_NOT_FOUND", () -> blocking(SHOP).listPods(
                ListPodsRequest.newBuilder().setEnvironment(ENVIRONMENT).setWorkload("nope").build()));
    }

    @Test
    void anotherTeamsEnvironmentIsForbiddenAsProvisioningSays() {
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).getEnvironmentStatus(
                GetEnvironmentStatusRequest.newBuilder().setEnvironment(ENVIRONMENT).build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).getWorkloadStatus(
                GetWorkloadStatusRequest.newBuilder().setEnvironment(ENVIRONMENT).setWorkload("web").build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).listPods(
                ListPodsRequest.newBuilder().setEnvironment(ENVIRONMENT).build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).listEvents(
                ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT).build()));
    }

    @Test
    void anUnknownEnvironmentIsNotFound() {
        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> blocking(SHOP).getEnvironmentStatus(
                GetEnvironmentStatusRequest.newBuilder().setEnvironment("nowhere").build()));
        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> blocking(SHOP).listEvents(
                ListEventsRequest.newBuilder().setEnvironment("nowhere").build()));
    }

    @Test
    void anEnvironmentWhoseNamespaceIsNotObservedIsUnknown() {
        EnvironmentStatus status = blocking(SEARCH).getEnvironmentStatus(GetEnvironmentStatusRequest.newBuilder()
                .setEnvironment("search-dev").build());

        assertEquals(Health.HEALTH_UNKNOWN, status.getHealth());
        assertFalse(status.hasObservedAt());
    }

    @Test
    void podsOfAWorkloadAndOfTheNamespace() {
        deployed();
        List<Pod> web = blocking(SHOP).listPods(ListPodsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").build()).getPodsList();
        assertEquals(1, web.size(), web.toString());
        assertEquals("web", web.get(0).getWorkload());
        assertTrue(web.get(0).getReady());
        assertEquals("Running", web.get(0).getPhase());
        assertFalse(web.get(0).getNode().isEmpty());

        List<Pod> all = blocking(SHOP).listPods(ListPodsRequest.newBuilder().setEnvironment(ENVIRONMENT).build())
                .getPodsList();
        assertEquals(List.of("broken", "web"), all.stream().map(Pod::getWorkload).distinct().sorted().toList());
    }

    @Test
    void warningEventsOfAWorkloadNewestFirstAndLimited() {
        deployed();
        eventually("a BackOff warning", () -> blocking(SHOP).listEvents(ListEventsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("broken").build()).getEventsCount() > 0);

        var events = blocking(SHOP).listEvents(ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("broken").setLimit(1).build()).getEventsList();
        assertEquals(1, events.size());
        assertTrue(events.get(0).getObject().startsWith("Pod/broken-"), events.toString());
        assertTrue(blocking(SHOP).listEvents(ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").build()).getEventsList().isEmpty());
        assertTrue(blocking(SHOP).listEvents(ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setSince(ObservabilityProtos.timestamp(Instant.now().plusSeconds(3600))).build()).getEventsList()
                .isEmpty());
    }

    @Test
    void aSinceOutsideWhatATimestampHoldsIsABadRequestAboutTheParameter() {
        deployed();
        Problem problem = assertProblem(400, "INVALID_SINCE", () -> blocking(SHOP).listEvents(ListEventsRequest
                .newBuilder().setEnvironment(ENVIRONMENT).setSince(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE))
                .build()));
        assertEquals("since", problem.errors().get(0).parameter());
    }

    @Test
    void aLimitOutsideOneTo1000IsABadRequestAboutTheParameter() {
        deployed();
        for (int limit : new int[] {-1, 1001}) {
            Problem problem = assertProblem(400, "INVALID_LIMIT", () -> blocking(SHOP).listEvents(
                    ListEventsRequest.newBuilder().setEnvironment(ENVIRONMENT).setLimit(limit).build()));
            assertEquals("limit", problem.errors().get(0).parameter());
        }
    }

    @Test
    void logsTailTheLastLinesOfEachContainerWithTimestampsWhenAsked() {
        deployed();
        eventually("web has written three lines", () -> blocking(SHOP).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("web").build()).getLinesCount() >= 3);

        GetLogsResponse two = blocking(SHOP).getLogs(GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").setTail(2).setTimestamps(true).build());
        assertEquals(2, two.getLinesCount(), two.toString());
        assertEquals("app", two.getLines(0).getContainer());
        assertTrue(two.getLines(0).getPod().startsWith("web-"));
        assertTrue(two.getLines(0).hasTime());
        assertFalse(blocking(SHOP).getLogs(GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").setTail(1).build()).getLines(0).hasTime());
    }

    @Test
    void previousLogsAreThoseOfTheRestartedContainer() {
        deployed();
        eventually("broken restarted", () -> blocking(SHOP).listPods(ListPodsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("broken").build()).getPods(0).getRestarts() > 0);

        assertTrue(blocking(SHOP).getLogs(GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("broken").setPrevious(true).build()).getLinesCount() > 0);
        assertProblem(400, "LOGS_NOT_AVAILABLE", () -> blocking(SHOP).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("web").setPrevious(true).build()));
    }

    @Test
    void badLogParametersAreBadRequestsAboutThem() {
        deployed();
        Problem problem = assertProblem(400, "INVALID_LOG_OPTIONS", () -> blocking(SHOP).getLogs(
                GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT).setWorkload("web").setTail(-1)
                        .setSince("ten minutes").build()));
        assertEquals(List.of("tail", "since"), problem.errors().stream().map(v -> v.parameter()).toList());
        assertProblem(400, "UNKNOWN_CONTAINER", () -> blocking(SHOP).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("web").setContainer("sidecar").build()));
        assertProblem(404, "POD_NOT_FOUND", () -> blocking(SHOP).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("web").setPod("broken-x").build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).getLogs(GetLogsRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).setWorkload("web").build()));
    }

    @Test
    void aFollowStreamsNewLinesAndEndsAtTheMaximumDurationStoppingItsWork() throws InterruptedException {
        deployed();
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        CountDownLatch completed = new CountDownLatch(1);
        long started = System.nanoTime();
        ObservabilityClients.async(SHOP).followLogs(GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").setTail(1).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(LogLine line) {
                        lines.add(line);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        completed.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        completed.countDown();
                    }
                });

        assertTrue(completed.await(20, TimeUnit.SECONDS), "the stream ended");
        Duration lasted = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(lasted.compareTo(Duration.ofMillis(2500)) > 0, "ended after the 3 s maximum, not before: " + lasted);
        assertTrue(lines.size() > 2, "the tail line and the lines written meanwhile: " + lines);
        eventually("the service's follow thread stopped", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("log-follow")));
    }

    @Test
    void aFollowTheClientCancelsEnds() throws InterruptedException {
        deployed();
        CountDownLatch first = new CountDownLatch(1);
        ClientCallStreamObserver<GetLogsRequest>[] call = new ClientCallStreamObserver[1];
        ObservabilityClients.async(SHOP).followLogs(GetLogsRequest.newBuilder().setEnvironment(ENVIRONMENT)
                .setWorkload("web").build(), new ClientResponseObserver<GetLogsRequest, LogLine>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<GetLogsRequest> requests) {
                        call[0] = requests;
                    }

                    @Override
                    public void onNext(LogLine line) {
                        first.countDown();
                    }

                    @Override
                    public void onError(Throwable failure) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        assertTrue(first.await(10, TimeUnit.SECONDS), "a line arrived");
        call[0].cancel("enough", null);

        eventually("the service's follow thread stopped", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("log-follow")));
    }

    @Test
    void usageComesFromTheMetricsApiForTheWorkloadsPods() {
        deployed();
        AtomicReference<Usage> read = new AtomicReference<>();
        eventually("web's pods have usage", () -> {
            read.set(blocking(SHOP).getUsage(GetUsageRequest.newBuilder().setEnvironment(ENVIRONMENT)
                    .setWorkload("web").build()));
            return read.get().getContainersCount() > 0;
        });
        Usage usage = read.get();
        assertTrue(usage.getContainersList().stream().allMatch(container -> container.getPod().startsWith("web-")),
                usage.toString());
        assertTrue(usage.getMemoryBytes() > 0, usage.toString());
        assertEquals(usage.getContainersList().stream().mapToLong(container -> container.getCpuMillicores()).sum(),
                usage.getCpuMillicores());
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).getUsage(GetUsageRequest.newBuilder()
                .setEnvironment(ENVIRONMENT).build()));
    }

    /** The service takes every message the gateway lets through (paved.grpc.max-message-size), not gRPC's 4 MiB. */
    @Test
    void aRequestLargerThanGrpcsDefaultLimitReachesTheService() {
        assertProblem(503, "PROMETHEUS_NOT_CONFIGURED", () -> blocking(SHOP).queryMetrics(QueryMetricsRequest
                .newBuilder().setEnvironment(ENVIRONMENT).setQuery("x".repeat(5_000_000)).build()));
    }

    @Test
    void metricsQueriesNeedAPrometheusAndTheEnvironmentsRights() {
        assertProblem(503, "PROMETHEUS_NOT_CONFIGURED", () -> blocking(SHOP).queryMetrics(QueryMetricsRequest
                .newBuilder().setEnvironment(ENVIRONMENT).setQuery("up").build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> blocking(SEARCH).queryMetricsRange(
                QueryMetricsRangeRequest.newBuilder().setEnvironment(ENVIRONMENT).setQuery("up").setStart("0")
                        .setEnd("60").setStep("15s").build()));
    }
}
