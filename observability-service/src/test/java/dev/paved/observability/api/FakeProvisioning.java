package dev.paved.observability.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.paved.api.common.v1.PageInfo;
import dev.paved.api.provisioning.v1.DeploymentRecord;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsResponse;
import dev.paved.api.provisioning.v1.MutinyDeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.MutinyEnvironmentServiceGrpc;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.security.Caller;
import dev.paved.common.security.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The provisioning-service of the tests, served by the service under test on its own port, so that
 * asking for an environment on behalf of the caller is a real gRPC call with the caller's token. It
 * applies provisioning's rule: the environment's team and platform-admin see it, others get 403
 * ENVIRONMENT_FORBIDDEN, an unknown one 404 ENVIRONMENT_NOT_FOUND; a team's deployment history is
 * the team's and platform-admin's, others get 403 TEAM_FORBIDDEN.
 */
public final class FakeProvisioning {

    static final Map<String, Environment> ENVIRONMENTS = new ConcurrentHashMap<>();
    static final Map<String, List<Workload>> WORKLOADS = new ConcurrentHashMap<>();
    /** Deployment histories by team. */
    static final Map<String, List<DeploymentRecord>> HISTORIES = new ConcurrentHashMap<>();
    static final AtomicReference<ListDeploymentHistoryRequest> LAST_HISTORY_REQUEST = new AtomicReference<>();

    private FakeProvisioning() {
    }

    static void environment(String name, String team, String namespace, Workload... workloads) {
        ENVIRONMENTS.put(name, Environment.newBuilder().setName(name).setTeam(team).setCluster("local")
                .setNamespace(namespace).build());
        WORKLOADS.put(name, List.of(workloads));
    }

    static Workload workload(String kind, String name) {
        return Workload.newBuilder().setKind(kind).setName(name).build();
    }

    static Environment visible(Caller caller, String name) {
        Environment environment = ENVIRONMENTS.get(name);
        if (environment == null) {
            throw ProblemException.notFound("ENVIRONMENT_NOT_FOUND", "No environment '" + name + "'.");
        }
        if (!caller.mayActFor(environment.getTeam())) {
            throw ProblemException.forbidden("ENVIRONMENT_FORBIDDEN", "Environment '" + name + "' belongs to team "
                    + environment.getTeam() + ".");
        }
        return environment;
    }

    @GrpcService
    @Blocking
    public static class Environments extends MutinyEnvironmentServiceGrpc.EnvironmentServiceImplBase {

        private final Callers callers;

        public Environments(Callers callers) {
            this.callers = callers;
        }

        @Override
        public Uni<Environment> getEnvironment(GetEnvironmentRequest request) {
            return Uni.createFrom().item(() -> visible(callers.current(), request.getName()));
        }
    }

    @GrpcService
    @Blocking
    public static class Deployments extends MutinyDeploymentServiceGrpc.DeploymentServiceImplBase {

        private final Callers callers;

        public Deployments(Callers callers) {
            this.callers = callers;
        }

        /** Provisioning's rule for a team's history, its filters, and pages of two so that paging is followed. */
        @Override
        public Uni<ListDeploymentHistoryResponse> listDeploymentHistory(ListDeploymentHistoryRequest request) {
            return Uni.createFrom().item(() -> {
                LAST_HISTORY_REQUEST.set(request);
                if (!callers.current().mayActFor(request.getTeam())) {
                    throw ProblemException.forbidden("TEAM_FORBIDDEN", "Only members of team '" + request.getTeam()
                            + "' and platform admins may read its deployments.");
                }
                List<DeploymentRecord> matching = HISTORIES.getOrDefault(request.getTeam(), List.of()).stream()
                        .filter(record -> request.getApplication().isEmpty()
                                || record.getApplication().equals(request.getApplication()))
                        .filter(record -> request.getStagesList().isEmpty()
                                || request.getStagesList().contains(record.getStage()))
                        .filter(record -> record.getCreatedAt().getSeconds() >= request.getSince().getSeconds()
                                && record.getCreatedAt().getSeconds() < request.getUntil().getSeconds())
                        .toList();
                int from = request.getPage().getCursor().isEmpty() ? 0 : Integer.parseInt(request.getPage().getCursor());
                int to = Math.min(from + 2, matching.size());
                return ListDeploymentHistoryResponse.newBuilder().addAllDeployments(matching.subList(from, to))
                        .setPage(PageInfo.newBuilder().setNextCursor(to < matching.size() ? Integer.toString(to) : ""))
                        .build();
            });
        }

        @Override
        public Uni<ListWorkloadsResponse> listWorkloads(ListWorkloadsRequest request) {
            return Uni.createFrom().item(() -> {
                visible(callers.current(), request.getEnvironment());
                return ListWorkloadsResponse.newBuilder()
                        .addAllWorkloads(WORKLOADS.getOrDefault(request.getEnvironment(), List.of())).build();
            });
        }
    }
}
