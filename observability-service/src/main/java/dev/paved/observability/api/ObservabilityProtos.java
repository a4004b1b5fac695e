package dev.paved.observability.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.paved.observability.dora.TeamDora;
import dev.paved.observability.dora.domain.Metric;
import dev.paved.observability.environments.EnvironmentObservations;
import dev.paved.observability.environments.EnvironmentUsage;
import dev.paved.observability.health.domain.PodSummary;
import dev.paved.observability.health.domain.WarningEvent;
import dev.paved.observability.health.domain.WorkloadHealth;
import dev.paved.observability.metrics.domain.PrometheusJson;
import dev.paved.observability.metrics.domain.QueryResult;

/** The domain's answers as the gRPC contract's messages; an absent value stays unset. */
final class ObservabilityProtos {

    private ObservabilityProtos() {
    }

    static EnvironmentStatus environmentStatus(EnvironmentObservations.Status status) {
        EnvironmentStatus.Builder message = EnvironmentStatus.newBuilder()
                .setEnvironment(status.environment().name())
                .setNamespace(status.environment().namespace())
                .setHealth(health(status.health().health()));
        status.health().workloads().forEach(workload -> message.addWorkloads(workloadStatus(workload)));
        if (status.observedAt() != null) {
            message.setObservedAt(timestamp(status.observedAt()));
        }
        return message.build();
    }

    static WorkloadStatus workloadStatus(WorkloadHealth workload) {
        WorkloadStatus.Builder message = WorkloadStatus.newBuilder()
                .setKind(workload.workload().kind().kind())
                .setName(workload.workload().name())
                .setHealth(health(workload.health()));
        workload.reasons().forEach(reason -> message.addReasons(Reason.newBuilder().setReason(reason.reason())
                .setMessage(nullToEmpty(reason.message())).setObject(nullToEmpty(reason.object()))));
        return message.build();
    }

    static Pod pod(EnvironmentObservations.WorkloadPod workloadPod) {
        PodSummary pod = workloadPod.pod();
        Pod.Builder message = Pod.newBuilder()
                .setName(pod.name())
                .setWorkload(workloadPod.workload())
                .setPhase(nullToEmpty(pod.phase()))
                .setStatus(nullToEmpty(pod.status()))
                .setReady(pod.ready())
                .setReadyContainers(pod.readyContainers())
                .setContainers(pod.containers())
                .setRestarts(pod.restarts())
                .setNode(nullToEmpty(pod.node()));
        if (pod.createdAt() != null) {
            message.setCreatedAt(timestamp(pod.createdAt()));
        }
        PodSummary.Termination termination = pod.lastTermination();
        if (termination != null) {
            Termination.Builder last = Termination.newBuilder().setContainer(nullToEmpty(termination.container()))
                    .setReason(nullToEmpty(termination.reason()))
                    .setExitCode(termination.exitCode() == null ? 0 : termination.exitCode());
            if (termination.finishedAt() != null) {
                last.setFinishedAt(timestamp(termination.finishedAt()));
            }
            message.setLastTermination(last);
        }
        return message.build();
    }

    static Event event(WarningEvent event) {
        Event.Builder message = Event.newBuilder()
                .setReason(nullToEmpty(event.reason()))
                .setMessage(nullToEmpty(event.message()))
                .setObject(event.object())
                .setCount(event.count());
        if (event.firstSeen() != null) {
            message.setFirstSeen(timestamp(event.firstSeen()));
        }
        if (event.lastSeen() != null) {
            message.setLastSeen(timestamp(event.lastSeen()));
        }
        return message.build();
    }

    static LogLine logLine(dev.paved.observability.logs.domain.LogLine line) {
        LogLine.Builder message = LogLine.newBuilder().setPod(line.pod()).setContainer(line.container())
                .setLine(line.line());
        if (line.time() != null) {
            message.setTime(timestamp(line.time()));
        }
        return message.build();
    }

    static Usage usage(EnvironmentUsage.Report report) {
        Usage.Builder usage = Usage.newBuilder().setCpuMillicores(report.cpuMillicores())
                .setMemoryBytes(report.memoryBytes()).setObservedAt(timestamp(report.observedAt()));
        report.containers().forEach(container -> usage.addContainers(ContainerUsage.newBuilder()
                .setPod(container.pod()).setContainer(container.container())
                .setCpuMillicores(container.cpuMillicores()).setMemoryBytes(container.memoryBytes())));
        return usage.build();
    }

    static MetricsResult metrics(QueryResult result) {
        ObjectNode data = PrometheusJson.data(result);
        return MetricsResult.newBuilder().setResultType(data.path("resultType").asText())
                .setDataJson(data.toString()).addAllWarnings(result.warnings()).build();
    }

    static Health health(dev.paved.observability.health.domain.Health health) {
        return Health.valueOf("HEALTH_" + health.name());
    }

    static DoraMetrics dora(TeamDora.Report report) {
        DoraMetrics.Builder message = DoraMetrics.newBuilder()
                .setTeam(report.team())
                .addAllStages(report.stages())
                .setWindow(report.window().text())
                .setWindowStart(timestamp(report.start()))
                .setWindowEnd(timestamp(report.end()))
                .setDeploymentFrequency(metric(report.metrics().deploymentFrequency()))
                .setLeadTimeForChanges(metric(report.metrics().leadTimeForChanges()))
                .setChangeFailureRate(metric(report.metrics().changeFailureRate()))
                .setFailedDeploymentRecoveryTime(metric(report.metrics().failedDeploymentRecoveryTime()));
        if (report.application() != null) {
            message.setApplication(report.application());
        }
        return message.build();
    }

    private static DoraMetric metric(Metric metric) {
        DoraMetric.Builder message = DoraMetric.newBuilder().setEvents(metric.events());
        if (metric.value() != null) {
            message.setValue(metric.value());
        }
        if (metric.level() != null) {
            message.setLevel(PerformanceLevel.valueOf("PERFORMANCE_LEVEL_" + metric.level().name()));
        }
        return message.build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
