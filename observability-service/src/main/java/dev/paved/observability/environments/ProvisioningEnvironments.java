package dev.paved.observability.environments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsResponse;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.observability.config.ProvisioningConfig;
import dev.paved.observability.dora.domain.DeploymentRecord;
import dev.paved.observability.health.domain.WorkloadKind;
import dev.paved.observability.health.domain.WorkloadRef;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Environments, the workloads Paved deployed into them and teams' deployment histories, from
 * provisioning-service, asked on behalf of the caller: provisioning applies its own rules to the
 * caller, so what it refuses (another team's environment, 403 ENVIRONMENT_FORBIDDEN; an unknown one,
 * 404 ENVIRONMENT_NOT_FOUND; another team's history, 403 TEAM_FORBIDDEN) is refused here with its
 * very problem. Provisioning out of reach answers 503 PROVISIONING_UNAVAILABLE.
 */
@ApplicationScoped
public class ProvisioningEnvironments {

    private static final Logger LOG = Logger.getLogger(ProvisioningEnvironments.class);
    /** The largest page provisioning answers. */
    private static final int PAGE = 500;

    private final EnvironmentServiceGrpc.EnvironmentServiceBlockingStub environments;
    private final DeploymentServiceGrpc.DeploymentServiceBlockingStub deployments;
    private final OnBehalfOfCaller onBehalfOfCaller;
    private final Duration deadline;

    public ProvisioningEnvironments(
            @GrpcClient("provisioning") EnvironmentServiceGrpc.EnvironmentServiceBlockingStub environments,
            @GrpcClient("provisioning") DeploymentServiceGrpc.DeploymentServiceBlockingStub deployments,
            OnBehalfOfCaller onBehalfOfCaller, ProvisioningConfig config) {
        this.environments = environments;
        this.deployments = deployments;
        this.onBehalfOfCaller = onBehalfOfCaller;
        this.deadline = config.deadline();
    }

    /** The environment, if the caller may see it. */
    public ObservedEnvironment get(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("INVALID_ENVIRONMENT", "An environment is required.",
                    Violation.at("/environment", "is required"));
        }
        try {
            Environment environment = onBehalfOfCaller.client(environments)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build());
            return new ObservedEnvironment(environment.getName(), environment.getTeam(), environment.getCluster(),
                    environment.getNamespace());
        } catch (StatusRuntimeException e) {
            throw refusal(e, "environment " + name);
        }
    }

    /** The workloads Paved deployed into the environment, as the kinds that run them. */
    public List<WorkloadRef> expectedWorkloads(String environment) {
        List<WorkloadRef> workloads = new ArrayList<>();
        String cursor = "";
        try {
            do {
                ListWorkloadsResponse page = onBehalfOfCaller.client(deployments)
                        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .listWorkloads(ListWorkloadsRequest.newBuilder().setEnvironment(environment)
                                .setPage(PageRequest.newBuilder().setLimit(PAGE).setCursor(cursor)).build());
                page.getWorkloadsList().forEach(workload -> refOf(workload).ifPresent(workloads::add));
                cursor = page.getPage().getNextCursor();
            } while (!cursor.isEmpty());
        } catch (StatusRuntimeException e) {
            throw refusal(e, "the workloads of environment " + environment);
        }
        return workloads;
    }

    /**
     * The revisions of a team's workloads created in [since, until), of one application (null: all)
     * in the given stages, read page by page; provisioning lets only the team and platform admins.
     */
    public List<DeploymentRecord> deploymentHistory(String team, Instant since, Instant until, String application,
            List<String> stages) {
        List<DeploymentRecord> history = new ArrayList<>();
        ListDeploymentHistoryRequest.Builder request = ListDeploymentHistoryRequest.newBuilder().setTeam(team)
                .setSince(timestamp(since)).setUntil(timestamp(until)).addAllStages(stages);
        if (application != null) {
            request.setApplication(application);
        }
        String cursor = "";
        try {
            do {
                ListDeploymentHistoryResponse page = onBehalfOfCaller.client(deployments)
                        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .listDeploymentHistory(request.setPage(PageRequest.newBuilder().setLimit(PAGE)
                                .setCursor(cursor)).build());
                page.getDeploymentsList().forEach(record -> history.add(recordOf(record)));
                cursor = page.getPage().getNextCursor();
            } while (!cursor.isEmpty());
        } catch (StatusRuntimeException e) {
            throw refusal(e, "the deployment history of team " + team);
        }
        return history;
    }

    static DeploymentRecord recordOf(dev.paved.api.provisioning.v1.DeploymentRecord record) {
        return new DeploymentRecord(record.getEnvironment(), record.getWorkload(), record.getRevision(),
                instant(record.getCreatedAt()), record.hasCommitTime() ? instant(record.getCommitTime()) : null,
                switch (record.getRolloutState()) {
                    case ROLLOUT_STATE_ROLLED_OUT -> DeploymentRecord.Outcome.ROLLED_OUT;
                    case ROLLOUT_STATE_FAILED -> DeploymentRecord.Outcome.FAILED;
                    case ROLLOUT_STATE_SUPERSEDED -> DeploymentRecord.Outcome.SUPERSEDED;
                    default -> DeploymentRecord.Outcome.UNFINISHED;
                }, record.hasRolloutEndedAt() ? instant(record.getRolloutEndedAt()) : null, record.getRolledBackTo(),
                record.getRolledBackBy());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** A Deployment or a CronJob; a workload of another kind (none today) is not expected to be anything. */
    static Optional<WorkloadRef> refOf(Workload workload) {
        for (WorkloadKind kind : WorkloadKind.values()) {
            if (kind.kind().equals(workload.getKind())) {
                return Optional.of(new WorkloadRef(kind, workload.getName()));
            }
        }
        return Optional.empty();
    }

    /** Provisioning's own refusal of the caller unchanged; anything else means it could not answer. */
    private static ProblemException refusal(StatusRuntimeException failure, String asked) {
        Problem problem = GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null);
        if (problem.status() < 500) {
            return new ProblemException(problem.status(), problem.code(), problem.detail(), problem.errors());
        }
        LOG.warnf("asking provisioning for %s failed: %s", asked, failure.getStatus());
        return new ProblemException(503, "PROVISIONING_UNAVAILABLE",
                "provisioning-service could not be asked for " + asked + "; try again.");
    }
}
