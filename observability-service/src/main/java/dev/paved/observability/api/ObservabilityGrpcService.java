package dev.paved.observability.api;

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
import dev.paved.common.grpc.RequestTimestamps;
import dev.paved.observability.dora.TeamDora;
import dev.paved.observability.environments.EnvironmentLogs;
import dev.paved.observability.environments.EnvironmentMetrics;
import dev.paved.observability.environments.EnvironmentObservations;
import dev.paved.observability.environments.EnvironmentUsage;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** paved.observability.v1.ObservabilityService: every call is authorized by provisioning, for the caller. */
@GrpcService
@Blocking
public class ObservabilityGrpcService implements ObservabilityService {

    private final EnvironmentObservations observations;
    private final EnvironmentLogs logs;
    private final LogStreams streams;
    private final EnvironmentUsage usage;
    private final EnvironmentMetrics metrics;
    private final TeamDora dora;

    public ObservabilityGrpcService(EnvironmentObservations observations, EnvironmentLogs logs, LogStreams streams,
            EnvironmentUsage usage, EnvironmentMetrics metrics, TeamDora dora) {
        this.observations = observations;
        this.logs = logs;
        this.streams = streams;
        this.usage = usage;
        this.metrics = metrics;
        this.dora = dora;
    }

    @Override
    public Uni<EnvironmentStatus> getEnvironmentStatus(GetEnvironmentStatusRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.environmentStatus(
                observations.status(request.getEnvironment())));
    }

    @Override
    public Uni<WorkloadStatus> getWorkloadStatus(GetWorkloadStatusRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.workloadStatus(
                observations.workload(request.getEnvironment(), request.getWorkload())));
    }

    @Override
    public Uni<ListPodsResponse> listPods(ListPodsRequest request) {
        return Uni.createFrom().item(() -> {
            ListPodsResponse.Builder response = ListPodsResponse.newBuilder();
            observations.pods(request.getEnvironment(), request.getWorkload())
                    .forEach(pod -> response.addPods(ObservabilityProtos.pod(pod)));
            return response.build();
        });
    }

    @Override
    public Uni<ListEventsResponse> listEvents(ListEventsRequest request) {
        return Uni.createFrom().item(() -> {
            ListEventsResponse.Builder response = ListEventsResponse.newBuilder();
            observations.events(request.getEnvironment(), request.getWorkload(),
                    request.hasSince() ? RequestTimestamps.instant(request.getSince(), "INVALID_SINCE", "since") : null,
                    request.getLimit())
                    .forEach(event -> response.addEvents(ObservabilityProtos.event(event)));
            return response.build();
        });
    }

    @Override
    public Uni<GetLogsResponse> getLogs(GetLogsRequest request) {
        return Uni.createFrom().item(() -> {
            GetLogsResponse.Builder response = GetLogsResponse.newBuilder();
            logs.read(source(request)).forEach(line -> response.addLines(ObservabilityProtos.logLine(line)));
            return response.build();
        });
    }

    @Override
    public Multi<LogLine> followLogs(GetLogsRequest request) {
        return Multi.createFrom().deferred(() -> streams.follow(source(request))).map(ObservabilityProtos::logLine);
    }

    @Override
    public Uni<Usage> getUsage(GetUsageRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.usage(usage.usage(request.getEnvironment(),
                request.getWorkload())));
    }

    @Override
    public Uni<MetricsResult> queryMetrics(QueryMetricsRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.metrics(metrics.query(request.getEnvironment(),
                request.getQuery(), blankToNull(request.getTime()))));
    }

    @Override
    public Uni<MetricsResult> queryMetricsRange(QueryMetricsRangeRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.metrics(metrics.queryRange(request.getEnvironment(),
                request.getQuery(), request.getStart(), request.getEnd(), request.getStep())));
    }

    @Override
    public Uni<DoraMetrics> getDoraMetrics(GetDoraMetricsRequest request) {
        return Uni.createFrom().item(() -> ObservabilityProtos.dora(dora.metrics(request.getTeam(),
                request.getWindow(), request.getApplication(), request.getStage())));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private EnvironmentLogs.Source source(GetLogsRequest request) {
        return logs.source(request.getEnvironment(), request.getWorkload(), request.getPod(), request.getContainer(),
                request.getTail(), request.getSince(), request.getPrevious(), request.getTimestamps());
    }
}
