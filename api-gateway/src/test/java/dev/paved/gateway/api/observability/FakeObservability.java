package dev.paved.gateway.api.observability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Timestamp;

import dev.paved.api.observability.v1.ContainerUsage;
import dev.paved.api.observability.v1.DoraMetric;
import dev.paved.api.observability.v1.DoraMetrics;
import dev.paved.api.observability.v1.EnvironmentStatus;
import dev.paved.api.observability.v1.Event;
import dev.paved.api.observability.v1.GetDoraMetricsRequest;
import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.GetLogsResponse;
import dev.paved.api.observability.v1.GetUsageRequest;
import dev.paved.api.observability.v1.GetWorkloadStatusRequest;
import dev.paved.api.observability.v1.Health;
import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.api.observability.v1.ListEventsResponse;
import dev.paved.api.observability.v1.ListPodsRequest;
import dev.paved.api.observability.v1.ListPodsResponse;
import dev.paved.api.observability.v1.LogLine;
import dev.paved.api.observability.v1.MetricsResult;
import dev.paved.api.observability.v1.ObservabilityServiceGrpc;
import dev.paved.api.observability.v1.PerformanceLevel;
import dev.paved.api.observability.v1.Pod;
import dev.paved.api.observability.v1.QueryMetricsRangeRequest;
import dev.paved.api.observability.v1.QueryMetricsRequest;
import dev.paved.api.observability.v1.Reason;
import dev.paved.api.observability.v1.Termination;
import dev.paved.api.observability.v1.Usage;
import dev.paved.api.observability.v1.WorkloadStatus;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.gateway.api.StandInServer;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in for observability-service on a port of its own: canned health, pods, events, logs,
 * usage, metrics and DORA figures, the problems the real one sends (another team's environment or
 * figures, unknown ones, no metrics.k8s.io, bad PromQL, a bad window), a follow that never ends and
 * tells when it is cancelled, and the last request and Authorization header it received. An
 * AsyncService, so that Quarkus does not take it for the gateway's own.
 */
public final class FakeObservability implements ObservabilityServiceGrpc.AsyncService {

    public static final String OTHER_TEAMS_ENVIRONMENT = "ledger-dev";
    public static final String MISSING = "missing";
    /** An environment observability-service cannot answer for now. */
    public static final String UNOBSERVED_ENVIRONMENT = "web-staging";
    /** A workload whose follow sends one line and then waits until the caller goes away. */
    public static final String ENDLESS = "endless";
    /** A workload whose cluster does not serve metrics.k8s.io. */
    public static final String NO_METRICS = "batch";
    public static final String BAD_PROMQL = "rate(http_requests_total[5m]";
    /** An application the team has never deployed. */
    public static final String NO_SUCH_APPLICATION = "no-such-app";
    public static final AtomicReference<Object> LAST_REQUEST = new AtomicReference<>();
    public static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    public static volatile CountDownLatch followCancelled = new CountDownLatch(1);
    static final Timestamp OBSERVED = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    private static final StandInServer SERVER = new StandInServer(LAST_AUTHORIZATION);

    public static void startOn(int port) {
        SERVER.serveOn(port, ObservabilityServiceGrpc.bindService(new FakeObservability()));
    }

    public static void reset() {
        LAST_REQUEST.set(null);
        LAST_AUTHORIZATION.set(null);
        followCancelled = new CountDownLatch(1);
    }

    static WorkloadStatus workload(String name, Health health, Reason... reasons) {
        return WorkloadStatus.newBuilder().setKind("Deployment").setName(name).setHealth(health)
                .addAllReasons(List.of(reasons)).build();
    }

    static Reason crashLooping(String pod) {
        return Reason.newBuilder().setReason("CrashLoopBackOff")
                .setMessage("back-off 5m0s restarting failed container app").setObject("Pod/" + pod).build();
    }

    /** The status of an environment's objects: the environment decides which problem, if any, it is. */
    private static boolean refused(String environment, StreamObserver<?> response) {
        if (environment.equals(OTHER_TEAMS_ENVIRONMENT)) {
            fail(response, 403, "ENVIRONMENT_FORBIDDEN", "The environment belongs to another team.");
            return true;
        }
        if (environment.equals(MISSING)) {
            fail(response, 404, "ENVIRONMENT_NOT_FOUND", "There is no environment 'missing'.");
            return true;
        }
        if (environment.equals(UNOBSERVED_ENVIRONMENT)) {
            fail(response, 503, "CLUSTER_UNAVAILABLE", "The cluster of web-staging cannot be read now.");
            return true;
        }
        return false;
    }

    private static boolean refused(String environment, String workload, StreamObserver<?> response) {
        if (refused(environment, response)) {
            return true;
        }
        if (workload.equals(MISSING)) {
            fail(response, 404, "WORKLOAD_NOT_FOUND", "There is no workload 'missing' in " + environment + ".");
            return true;
        }
        return false;
    }

    private static void fail(StreamObserver<?> response, int status, String code, String detail, Violation... errors) {
        response.onError(GrpcProblems.toStatus(Problem.of(status, code, detail, null, List.of(errors))));
    }

    private static <T> void answer(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }

    @Override
    public void getEnvironmentStatus(GetEnvironmentStatusRequest request, StreamObserver<EnvironmentStatus> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), response)) {
            return;
        }
        answer(response, EnvironmentStatus.newBuilder().setEnvironment(request.getEnvironment())
                .setNamespace(request.getEnvironment()).setHealth(Health.HEALTH_DEGRADED)
                .addWorkloads(workload("checkout", Health.HEALTH_HEALTHY))
                .addWorkloads(workload("worker", Health.HEALTH_DEGRADED, crashLooping("worker-5d8c7-abcde")))
                .addWorkloads(WorkloadStatus.newBuilder().setKind("CronJob").setName("nightly")
                        .setHealth(Health.HEALTH_SUSPENDED))
                .setObservedAt(OBSERVED).build());
    }

    @Override
    public void getWorkloadStatus(GetWorkloadStatusRequest request, StreamObserver<WorkloadStatus> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        answer(response, workload(request.getWorkload(), Health.HEALTH_DEGRADED,
                crashLooping(request.getWorkload() + "-5d8c7-abcde")));
    }

    @Override
    public void listPods(ListPodsRequest request, StreamObserver<ListPodsResponse> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        answer(response, ListPodsResponse.newBuilder()
                .addPods(Pod.newBuilder().setName("checkout-5d8c7-abcde").setWorkload(request.getWorkload())
                        .setPhase("Running").setStatus("CrashLoopBackOff").setReady(false).setReadyContainers(0)
                        .setContainers(1).setRestarts(7).setNode("node-1").setCreatedAt(OBSERVED)
                        .setLastTermination(Termination.newBuilder().setContainer("app").setReason("OOMKilled")
                                .setExitCode(137).setFinishedAt(OBSERVED)))
                .addPods(Pod.newBuilder().setName("checkout-5d8c7-fghij").setWorkload(request.getWorkload())
                        .setPhase("Pending").setStatus("Pending").setContainers(1))
                .build());
    }

    @Override
    public void listEvents(ListEventsRequest request, StreamObserver<ListEventsResponse> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        answer(response, ListEventsResponse.newBuilder().addEvents(Event.newBuilder().setReason("BackOff")
                .setMessage("Back-off restarting failed container").setObject("Pod/checkout-5d8c7-abcde").setCount(12)
                .setFirstSeen(OBSERVED).setLastSeen(OBSERVED)).build());
    }

    private static LogLine line(String pod, String text, boolean timestamps) {
        LogLine.Builder line = LogLine.newBuilder().setPod(pod).setContainer("app").setLine(text);
        return timestamps ? line.setTime(OBSERVED).build() : line.build();
    }

    @Override
    public void getLogs(GetLogsRequest request, StreamObserver<GetLogsResponse> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        if (!request.getContainer().isEmpty() && !request.getContainer().equals("app")) {
            fail(response, 400, "UNKNOWN_CONTAINER", "The workload has no container " + request.getContainer() + ".",
                    Violation.parameter("container", "must be one of app"));
            return;
        }
        answer(response, GetLogsResponse.newBuilder()
                .addLines(line("checkout-5d8c7-abcde", "listening on :8080", request.getTimestamps()))
                .addLines(line("checkout-5d8c7-abcde", "GET /ready 200", request.getTimestamps())).build());
    }

    @Override
    public void followLogs(GetLogsRequest request, StreamObserver<LogLine> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        if (request.getWorkload().equals(ENDLESS)) {
            CountDownLatch cancelled = followCancelled;
            ((ServerCallStreamObserver<LogLine>) response).setOnCancelHandler(cancelled::countDown);
            response.onNext(line("endless-1", "waiting for work", false));
            return;
        }
        response.onNext(line("checkout-5d8c7-abcde", "listening on :8080", request.getTimestamps()));
        response.onNext(line("checkout-5d8c7-abcde", "GET /ready 200", request.getTimestamps()));
        response.onCompleted();
    }

    @Override
    public void getUsage(GetUsageRequest request, StreamObserver<Usage> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), request.getWorkload(), response)) {
            return;
        }
        if (request.getWorkload().equals(NO_METRICS)) {
            fail(response, 503, "USAGE_NOT_AVAILABLE", "The cluster does not serve metrics.k8s.io.");
            return;
        }
        answer(response, Usage.newBuilder()
                .addContainers(ContainerUsage.newBuilder().setPod("checkout-5d8c7-abcde").setContainer("app")
                        .setCpuMillicores(120).setMemoryBytes(200_000_000L))
                .addContainers(ContainerUsage.newBuilder().setPod("checkout-5d8c7-fghij").setContainer("app")
                        .setCpuMillicores(30).setMemoryBytes(100_000_000L))
                .setCpuMillicores(150).setMemoryBytes(300_000_000L).setObservedAt(OBSERVED).build());
    }

    @Override
    public void queryMetrics(QueryMetricsRequest request, StreamObserver<MetricsResult> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), response) || badPromQl(request.getQuery(), response)) {
            return;
        }
        answer(response, MetricsResult.newBuilder().setResultType("vector")
                .setDataJson("{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"namespace\":\"web-dev\","
                        + "\"pod\":\"checkout-5d8c7-abcde\"},\"value\":[1800000000,\"42\"]}]}")
                .build());
    }

    @Override
    public void queryMetricsRange(QueryMetricsRangeRequest request, StreamObserver<MetricsResult> response) {
        LAST_REQUEST.set(request);
        if (refused(request.getEnvironment(), response) || badPromQl(request.getQuery(), response)) {
            return;
        }
        answer(response, MetricsResult.newBuilder().setResultType("matrix")
                .setDataJson("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"namespace\":\"web-dev\"},"
                        + "\"values\":[[1800000000,\"1\"],[1800000030,\"2\"]]}]}")
                .addWarnings("the range was cut to 11000 points").build());
    }

    private static boolean badPromQl(String query, StreamObserver<?> response) {
        if (query.equals(BAD_PROMQL)) {
            fail(response, 400, "INVALID_PROMQL", "1:28: unclosed left parenthesis",
                    Violation.parameter("query", "unclosed left parenthesis at 1:28"));
            return true;
        }
        return false;
    }

    /**
     * Canned figures for the team's members and platform admins, decided from the token as
     * provisioning-service decides it; zero events for an application named {@link #NO_SUCH_APPLICATION};
     * the backend's refusal of a window that is not one.
     */
    @Override
    public void getDoraMetrics(GetDoraMetricsRequest request, StreamObserver<DoraMetrics> response) {
        LAST_REQUEST.set(request);
        String claims = claimsOf(LAST_AUTHORIZATION.get());
        if (!claims.contains("\"" + request.getTeam() + "\"") && !claims.contains("platform-admin")) {
            fail(response, 403, "TEAM_FORBIDDEN", "Only members of team '" + request.getTeam()
                    + "' and platform admins may read its deployments.");
            return;
        }
        if (!request.getWindow().isEmpty() && !request.getWindow().matches("[1-9][0-9]*[hdw]")) {
            fail(response, 400, "INVALID_WINDOW", "The window is not valid.", Violation.parameter("window",
                    "must be a whole number of hours, days or weeks such as 12h, 30d or 2w, was '"
                            + request.getWindow() + "'"));
            return;
        }
        boolean none = request.getApplication().equals(NO_SUCH_APPLICATION);
        DoraMetric noValue = DoraMetric.newBuilder().build();
        DoraMetrics.Builder metrics = DoraMetrics.newBuilder().setTeam(request.getTeam())
                .setApplication(request.getApplication())
                .addStages(request.getStage().isEmpty() ? "prod" : request.getStage())
                .setWindow(request.getWindow().isEmpty() ? "30d" : request.getWindow())
                .setWindowStart(Timestamp.newBuilder().setSeconds(OBSERVED.getSeconds() - 30 * 86_400L))
                .setWindowEnd(OBSERVED)
                .setDeploymentFrequency(none
                        ? DoraMetric.newBuilder().setValue(0).setLevel(PerformanceLevel.PERFORMANCE_LEVEL_LOW).build()
                        : DoraMetric.newBuilder().setValue(1.5).setEvents(45)
                                .setLevel(PerformanceLevel.PERFORMANCE_LEVEL_ELITE).build());
        if (none) {
            metrics.setLeadTimeForChanges(noValue).setChangeFailureRate(noValue).setFailedDeploymentRecoveryTime(noValue);
        } else {
            metrics.setLeadTimeForChanges(DoraMetric.newBuilder().setValue(7200).setEvents(40)
                            .setLevel(PerformanceLevel.PERFORMANCE_LEVEL_ELITE))
                    .setChangeFailureRate(DoraMetric.newBuilder().setValue(0.08).setEvents(50)
                            .setLevel(PerformanceLevel.PERFORMANCE_LEVEL_HIGH))
                    .setFailedDeploymentRecoveryTime(DoraMetric.newBuilder().setValue(5400).setEvents(4)
                            .setLevel(PerformanceLevel.PERFORMANCE_LEVEL_HIGH));
        }
        answer(response, metrics.build());
    }

    private static String claimsOf(String authorization) {
        String token = authorization.substring("Bearer ".length());
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
