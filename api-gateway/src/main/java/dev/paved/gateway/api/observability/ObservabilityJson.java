package dev.paved.gateway.api.observability;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.google.protobuf.Timestamp;

import dev.paved.api.observability.v1.ContainerUsage;
import dev.paved.api.observability.v1.DoraMetric;
import dev.paved.api.observability.v1.DoraMetrics;
import dev.paved.api.observability.v1.EnvironmentStatus;
import dev.paved.api.observability.v1.Event;
import dev.paved.api.observability.v1.Health;
import dev.paved.api.observability.v1.LogLine;
import dev.paved.api.observability.v1.MetricsResult;
import dev.paved.api.observability.v1.PerformanceLevel;
import dev.paved.api.observability.v1.Pod;
import dev.paved.api.observability.v1.Reason;
import dev.paved.api.observability.v1.Termination;
import dev.paved.api.observability.v1.Usage;
import dev.paved.api.observability.v1.WorkloadStatus;
import dev.paved.gateway.api.operations.JsonObjects;
import dev.paved.gateway.api.operations.OperationJson;

/** observability-service's answers as the REST API writes them. */
public final class ObservabilityJson {

    private ObservabilityJson() {
    }

    /** {@code HEALTH_HEALTHY} → {@code Healthy}; unspecified is {@code Unknown}. */
    public static String health(Health health) {
        if (health == Health.HEALTH_UNSPECIFIED || health == Health.UNRECOGNIZED) {
            return "Unknown";
        }
        String word = OperationJson.unprefixed(health.name(), "HEALTH_");
        return word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String timeOrNull(boolean present, Timestamp time) {
        return present ? OperationJson.time(time) : null;
    }

    @Schema(name = "HealthReason", description = "Why a workload has the health it has.")
    public record ReasonJson(
            @Schema(required = true, examples = "CrashLoopBackOff") String reason,
            @Schema(required = true) String message,
            @Schema(required = true, description = "The object it is about, Kind/name.", examples = "Pod/checkout-7d9f-x2")
            String object) {

        static ReasonJson of(Reason reason) {
            return new ReasonJson(reason.getReason(), reason.getMessage(), reason.getObject());
        }
    }

    @Schema(name = "WorkloadStatus", description = "A workload's health with its reasons.")
    public record WorkloadStatusJson(
            @Schema(required = true, enumeration = { "Deployment", "StatefulSet", "CronJob" }) String kind,
            @Schema(required = true) String name,
            @Schema(required = true, enumeration = { "Healthy", "Progressing", "Degraded", "Suspended", "Missing",
                    "Unknown" }) String health,
            @Schema(required = true) List<ReasonJson> reasons) {

        static WorkloadStatusJson of(WorkloadStatus status) {
            return new WorkloadStatusJson(status.getKind(), status.getName(), ObservabilityJson.health(status.getHealth()),
                    status.getReasonsList().stream().map(ReasonJson::of).toList());
        }
    }

    @Schema(name = "EnvironmentStatus", description = "Every workload of an environment's namespace and their roll-up.")
    public record EnvironmentStatusJson(
            @Schema(required = true) String environment,
            @Schema(required = true) String namespace,
            @Schema(required = true, description = "The worst health of its workloads.", enumeration = { "Healthy",
                    "Progressing", "Degraded", "Suspended", "Missing", "Unknown" }) String health,
            @Schema(required = true) List<WorkloadStatusJson> workloads,
            @Schema(format = "date-time", description = "When the cache it was computed from last heard from the "
                    + "cluster.") String observedAt) {

        static EnvironmentStatusJson of(EnvironmentStatus status) {
            return new EnvironmentStatusJson(status.getEnvironment(), status.getNamespace(), ObservabilityJson.health(status.getHealth()),
                    status.getWorkloadsList().stream().map(WorkloadStatusJson::of).toList(),
                    timeOrNull(status.hasObservedAt(), status.getObservedAt()));
        }
    }

    @Schema(name = "Termination", description = "How a container last ended.")
    public record TerminationJson(
            @Schema(required = true) String container,
            @Schema(required = true, examples = "OOMKilled") String reason,
            @Schema(required = true) int exitCode,
            @Schema(format = "date-time") String finishedAt) {

        static TerminationJson of(Termination termination) {
            return new TerminationJson(termination.getContainer(), termination.getReason(), termination.getExitCode(),
                    timeOrNull(termination.hasFinishedAt(), termination.getFinishedAt()));
        }
    }

    @Schema(name = "Pod")
    public record PodJson(
            @Schema(required = true) String name,
            @Schema(description = "The workload it belongs to.") String workload,
            @Schema(required = true, enumeration = { "Pending", "Running", "Succeeded", "Failed", "Unknown" })
            String phase,
            @Schema(required = true, description = "What kubectl shows in its STATUS column.",
                    examples = "CrashLoopBackOff") String status,
            @Schema(required = true) boolean ready,
            @Schema(required = true) int readyContainers,
            @Schema(required = true) int containers,
            @Schema(required = true) int restarts,
            String node,
            @Schema(format = "date-time") String createdAt,
            TerminationJson lastTermination) {

        static PodJson of(Pod pod) {
            return new PodJson(pod.getName(), OperationJson.emptyToNull(pod.getWorkload()), pod.getPhase(),
                    pod.getStatus(), pod.getReady(), pod.getReadyContainers(), pod.getContainers(), pod.getRestarts(),
                    OperationJson.emptyToNull(pod.getNode()), timeOrNull(pod.hasCreatedAt(), pod.getCreatedAt()),
                    pod.hasLastTermination() ? TerminationJson.of(pod.getLastTermination()) : null);
        }
    }

    @Schema(name = "PodList")
    public record PodList(@Schema(required = true) List<PodJson> items) {
    }

    @Schema(name = "WarningEvent", description = "A Kubernetes warning event, repeated count times.")
    public record EventJson(
            @Schema(required = true, examples = "BackOff") String reason,
            @Schema(required = true) String message,
            @Schema(required = true, description = "The object it is about, Kind/name.") String object,
            @Schema(required = true) int count,
            @Schema(format = "date-time") String firstSeen,
            @Schema(format = "date-time") String lastSeen) {

        static EventJson of(Event event) {
            return new EventJson(event.getReason(), event.getMessage(), event.getObject(), event.getCount(),
                    timeOrNull(event.hasFirstSeen(), event.getFirstSeen()),
                    timeOrNull(event.hasLastSeen(), event.getLastSeen()));
        }
    }

    @Schema(name = "WarningEventList", description = "Newest first.")
    public record EventList(@Schema(required = true) List<EventJson> items) {
    }

    @Schema(name = "LogLine", description = "One line of a container's log; the data of an SSE event when followed.")
    public record LogLineJson(
            @Schema(required = true) String pod,
            @Schema(required = true) String container,
            @Schema(required = true) String line,
            @Schema(format = "date-time", description = "With timestamps=true.") String time) {

        static LogLineJson of(LogLine line) {
            return new LogLineJson(line.getPod(), line.getContainer(), line.getLine(),
                    timeOrNull(line.hasTime(), line.getTime()));
        }
    }

    @Schema(name = "LogLines")
    public record LogLines(@Schema(required = true) List<LogLineJson> lines) {
    }

    @Schema(name = "ContainerUsage")
    public record ContainerUsageJson(
            @Schema(required = true) String pod,
            @Schema(required = true) String container,
            @Schema(required = true) long cpuMillicores,
            @Schema(required = true) long memoryBytes) {

        static ContainerUsageJson of(ContainerUsage usage) {
            return new ContainerUsageJson(usage.getPod(), usage.getContainer(), usage.getCpuMillicores(),
                    usage.getMemoryBytes());
        }
    }

    @Schema(name = "Usage", description = "CPU and memory from metrics.k8s.io, per container and in total.")
    public record UsageJson(
            @Schema(required = true) List<ContainerUsageJson> containers,
            @Schema(required = true) long cpuMillicores,
            @Schema(required = true) long memoryBytes,
            @Schema(format = "date-time") String observedAt) {

        static UsageJson of(Usage usage) {
            return new UsageJson(usage.getContainersList().stream().map(ContainerUsageJson::of).toList(),
                    usage.getCpuMillicores(), usage.getMemoryBytes(),
                    timeOrNull(usage.hasObservedAt(), usage.getObservedAt()));
        }
    }

    @Schema(name = "MetricsResult", description = "As Prometheus' HTTP API answers a query, scoped to the "
            + "environment's namespace.")
    public record MetricsJson(
            @Schema(required = true, enumeration = "success") String status,
            @Schema(required = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "Prometheus' data: resultType (matrix, vector, scalar or string) and result.")
            Map<String, Object> data,
            List<String> warnings) {

        static MetricsJson of(MetricsResult result) {
            return new MetricsJson("success", data(result),
                    result.getWarningsCount() == 0 ? null : result.getWarningsList());
        }

        private static Map<String, Object> data(MetricsResult result) {
            Map<String, Object> data = JsonObjects.parse(result.getDataJson());
            return data != null ? data : Map.of("resultType", result.getResultType(), "result", List.of());
        }
    }

    /** {@code PERFORMANCE_LEVEL_ELITE} → {@code elite}; unspecified is absent. */
    static String performanceLevel(PerformanceLevel level) {
        if (level == PerformanceLevel.PERFORMANCE_LEVEL_UNSPECIFIED || level == PerformanceLevel.UNRECOGNIZED) {
            return null;
        }
        return OperationJson.unprefixed(level.name(), "PERFORMANCE_LEVEL_").toLowerCase(Locale.ROOT);
    }

    @Schema(name = "DoraMetric", description = "One DORA metric: its value, the events behind it and its performance "
            + "level among the DORA report's clusters. Without events there is no value and no level.")
    public record DoraMetricJson(
            @Schema(description = "The value, in the unit of the metric.") Double value,
            @Schema(required = true, description = "How many events the value is computed from.") long events,
            @Schema(enumeration = { "elite", "high", "medium", "low" }) String level) {

        static DoraMetricJson of(DoraMetric metric) {
            return new DoraMetricJson(metric.hasValue() ? metric.getValue() : null, metric.getEvents(),
                    performanceLevel(metric.getLevel()));
        }
    }

    @Schema(name = "DoraMetrics", description = "A team's DORA software delivery metrics over a window that ends "
            + "now, from its deployment history (docs/dora.md states the method).")
    public record DoraMetricsJson(
            @Schema(required = true) String team,
            @Schema(description = "The one application counted; absent: every application of the team.")
            String application,
            @Schema(required = true, description = "The stages whose deployments count.") List<String> stages,
            @Schema(required = true, examples = "30d") String window,
            @Schema(required = true, format = "date-time") String windowStart,
            @Schema(required = true, format = "date-time") String windowEnd,
            @Schema(required = true, description = "Deployments per day; events: the deployments (changes rolled "
                    + "out).") DoraMetricJson deploymentFrequency,
            @Schema(required = true, description = "Median seconds from commit to rolled out; events: the "
                    + "deployments that gave a commit time.") DoraMetricJson leadTimeForChanges,
            @Schema(required = true, description = "Failed changes over changes, 0 to 1; events: the changes "
                    + "whose outcome is known.") DoraMetricJson changeFailureRate,
            @Schema(required = true, description = "Median seconds from a failed change to the next revision of "
                    + "its workload rolled out; events: the failed changes recovered from.")
            DoraMetricJson failedDeploymentRecoveryTime) {

        static DoraMetricsJson of(DoraMetrics metrics) {
            return new DoraMetricsJson(metrics.getTeam(),
                    metrics.getApplication().isEmpty() ? null : metrics.getApplication(), metrics.getStagesList(),
                    metrics.getWindow(), OperationJson.time(metrics.getWindowStart()),
                    OperationJson.time(metrics.getWindowEnd()), DoraMetricJson.of(metrics.getDeploymentFrequency()),
                    DoraMetricJson.of(metrics.getLeadTimeForChanges()), DoraMetricJson.of(metrics.getChangeFailureRate()),
                    DoraMetricJson.of(metrics.getFailedDeploymentRecoveryTime()));
        }
    }
}
