package dev.paved.observability.environments;

import java.io.Closeable;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.health.domain.WorkloadRef;
import dev.paved.observability.kubernetes.PodLogs;
import dev.paved.observability.logs.domain.LogLine;
import dev.paved.observability.logs.domain.LogOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** The logs of a workload's pods (those the cache says it owns), or of one of them. */
@ApplicationScoped
public class EnvironmentLogs {

    private final EnvironmentObservations observations;
    private final PodLogs podLogs;

    public EnvironmentLogs(EnvironmentObservations observations, PodLogs podLogs) {
        this.observations = observations;
        this.podLogs = podLogs;
    }

    /** Where the lines come from: the pods, checked against the request. */
    public record Source(ObservedEnvironment environment, List<Pod> pods, LogOptions options) {
    }

    public List<LogLine> read(Source source) {
        return podLogs.read(source.environment().cluster(), source.environment().namespace(), source.pods(),
                source.options());
    }

    public Closeable follow(Source source, Consumer<LogLine> sink) {
        return podLogs.follow(source.environment().cluster(), source.environment().namespace(), source.pods(),
                source.options(), sink);
    }

    /**
     * The pods of the workload (or the one named) with the request's options.
     *
     * @throws ProblemException 404 WORKLOAD_NOT_FOUND, 404 POD_NOT_FOUND for a pod that is not the
     *                          workload's, 400 INVALID_LOG_OPTIONS, 400 UNKNOWN_CONTAINER for a container
     *                          the pods do not have
     */
    public Source source(String environment, String workload, String pod, String container, int tail, String since,
            boolean previous, boolean timestamps) {
        EnvironmentObservations.Observed observed = observations.observe(environment);
        if (workload.isEmpty()) {
            throw ProblemException.badRequest("INVALID_LOG_OPTIONS", "A workload is required.",
                    Violation.at("/workload", "is required"));
        }
        WorkloadRef ref = observed.workload(workload);
        LogOptions options = LogOptions.of(container, tail, since, previous, timestamps);
        List<Pod> pods = observed.objects().podsOf(ref).stream()
                .filter(candidate -> pod.isEmpty() || candidate.getMetadata().getName().equals(pod))
                .toList();
        if (!pod.isEmpty() && pods.isEmpty()) {
            throw ProblemException.notFound("POD_NOT_FOUND", "Workload " + ref.object() + " has no pod '" + pod
                    + "'.");
        }
        if (!options.container().isEmpty()) {
            for (Pod candidate : pods) {
                if (candidate.getSpec().getContainers().stream().map(Container::getName)
                        .noneMatch(options.container()::equals)) {
                    throw ProblemException.badRequest("UNKNOWN_CONTAINER", "Pod " + candidate.getMetadata().getName()
                            + " has no container '" + options.container() + "'.",
                            Violation.parameter("container", "is not a container of the workload's pods"));
                }
            }
        }
        return new Source(observed.environment(), pods, options);
    }
}
