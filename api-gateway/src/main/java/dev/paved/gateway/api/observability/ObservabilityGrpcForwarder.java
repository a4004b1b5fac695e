package dev.paved.gateway.api.observability;

import dev.paved.api.observability.v1.DoraMetrics;
import dev.paved.api.observability.v1.EnvironmentStatus;
import dev.paved.api.observability.v1.GetDoraMetricsRequest;
import dev.paved.api.observability.v1.GetEnvironmentStatusRequest;
import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.GetLogsResponse;
import dev.paved.api.observability.v1.GetUsageRequest;
import dev.paved.api.observability.v1.GetWorkloadStatusRequest;
import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.api.observability.v1.ListEventsResponse;
import dev.paved.api.observability.v1.ListPodsRequest;
import dev.paved.api.observability.v1.ListPodsResponse;
import dev.paved.api.observability.v1.LogLine;
import dev.paved.api.observability.v1.MetricsResult;
import dev.paved.api.observability.v1.ObservabilityService;
import dev.paved.api.observability.v1.QueryMetricsRangeRequest;
import dev.paved.api.observability.v1.QueryMetricsRequest;
import dev.paved.api.observability.v1.Usage;
import dev.paved.api.observability.v1.WorkloadStatus;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.observability.v1.ObservabilityService} on the gateway's gRPC endpoint: every call, the
 * log follow included, goes on to observability-service with the caller's token, which authorizes it;
 * answers and problems come back unchanged, and a caller who cancels a follow cancels it upstream.
 */
@GrpcService
public class ObservabilityGrpcForwarder implements ObservabilityService {

    private final ObservabilityUpstream upstream;

    public ObservabilityGrpcForwarder(ObservabilityUpstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public Uni<EnvironmentStatus> getEnvironmentStatus(GetEnvironmentStatusRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().getEnvironmentStatus(request));
    }

    @Override
    public Uni<WorkloadStatus> getWorkloadStatus(GetWorkloadStatusRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().getWorkloadStatus(request));
    }

    @Override
    public Uni<ListPodsResponse> listPods(ListPodsRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().listPods(request));
    }

    @Override
    public Uni<ListEventsResponse> listEvents(ListEventsRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().listEvents(request));
    }

    @Override
    public Uni<GetLogsResponse> getLogs(GetLogsRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().getLogs(request));
    }

    @Override
    public Multi<LogLine> followLogs(GetLogsRequest request) {
        return Multi.createFrom().deferred(() -> upstream.followLogs(request));
    }

    @Override
    public Uni<Usage> getUsage(GetUsageRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().getUsage(request));
    }

    @Override
    public Uni<MetricsResult> queryMetrics(QueryMetricsRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().queryMetrics(request));
    }

    @Override
    public Uni<MetricsResult> queryMetricsRange(QueryMetricsRangeRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().queryMetricsRange(request));
    }

    @Override
    public Uni<DoraMetrics> getDoraMetrics(GetDoraMetricsRequest request) {
        return Uni.createFrom().deferred(() -> upstream.forCaller().getDoraMetrics(request));
    }
}
