package dev.paved.provisioning.deployments.api;

import java.time.Instant;

import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.DeploymentService;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsResponse;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryRequest;
import dev.paved.api.provisioning.v1.ListDeploymentHistoryResponse;
import dev.paved.api.provisioning.v1.ListRevisionsRequest;
import dev.paved.api.provisioning.v1.ListRevisionsResponse;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.PromoteRequest;
import dev.paved.api.provisioning.v1.Revision;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.api.provisioning.v1.Workload;
import dev.paved.common.grpc.RequestTimestamps;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Callers;
import dev.paved.provisioning.api.Answers;
import dev.paved.provisioning.api.ProtoMapper;
import dev.paved.provisioning.deployments.domain.DeployCommand;
import dev.paved.provisioning.deployments.domain.Deployments;
import dev.paved.provisioning.deployments.domain.HistoryQuery;
import dev.paved.provisioning.deployments.domain.SubmittedSpec;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

@GrpcService
@Blocking
public class DeploymentGrpcService implements DeploymentService {

    private final Deployments deployments;
    private final Callers callers;
    private final DeploymentMapper mapper;
    private final ProtoMapper operations;

    public DeploymentGrpcService(Deployments deployments, Callers callers, DeploymentMapper mapper,
            ProtoMapper operations) {
        this.deployments = deployments;
        this.callers = callers;
        this.mapper = mapper;
        this.operations = operations;
    }

    @Override
    public Uni<DeployResponse> deploy(DeployRequest request) {
        return Answers.of(() -> {
            SubmittedSpec spec = new SubmittedSpec(
                    request.getSpecCase() == DeployRequest.SpecCase.SPEC_JSON ? request.getSpecJson() : null,
                    request.getSpecCase() == DeployRequest.SpecCase.SCORE_YAML ? request.getScoreYaml() : null,
                    blankToNull(request.getGoldenPath()), blankToNull(request.getGoldenPathVersion()),
                    request.getParametersMap(), request.hasReplicas() ? request.getReplicas() : null);
            Instant commitTime = request.hasCommitTime()
                    ? RequestTimestamps.instant(request.getCommitTime(), "INVALID_COMMIT_TIME", "commitTime") : null;
            return mapper.deployResponse(deployments.deploy(callers.current(), new DeployCommand(
                    request.getEnvironment(), spec, blankToNull(request.getVersion()),
                    blankToNull(request.getCommitSha()), commitTime, request.getIdempotencyKey(),
                    request.getDryRun(), request.getWaitForRollout())));
        });
    }

    @Override
    public Uni<DeployResponse> rollback(RollbackRequest request) {
        return Answers.of(() -> mapper.deployResponse(deployments.rollback(callers.current(),
                request.getEnvironment(), request.getWorkload(), request.getRevision(), request.getIdempotencyKey(),
                request.getDryRun(), request.getWaitForRollout())));
    }

    @Override
    public Uni<DeployResponse> promote(PromoteRequest request) {
        return Answers.of(() -> mapper.deployResponse(deployments.promote(callers.current(),
                request.getEnvironment(), request.getWorkload(), blankToNull(request.getStage()),
                request.getIdempotencyKey(), request.getDryRun(), request.getWaitForRollout())));
    }

    @Override
    public Uni<Operation> deleteWorkload(DeleteWorkloadRequest request) {
        return Answers.of(() -> operations.operation(deployments.delete(callers.current(), request.getEnvironment(),
                request.getWorkload(), request.getIdempotencyKey(), request.getDryRun())));
    }

    @Override
    public Uni<Workload> getWorkload(GetWorkloadRequest request) {
        return Answers.of(() -> mapper.workload(deployments.workload(callers.current(), request.getEnvironment(),
                request.getWorkload())));
    }

    @Override
    public Uni<ListWorkloadsResponse> listWorkloads(ListWorkloadsRequest request) {
        return Answers.of(() -> {
            Page<dev.paved.provisioning.deployments.domain.Workload> page = deployments.workloads(callers.current(),
                    request.getEnvironment(), PageRequest.of(request.getPage().getLimit(),
                            request.getPage().getCursor()));
            ListWorkloadsResponse.Builder response = ListWorkloadsResponse.newBuilder();
            page.items().forEach(workload -> response.addWorkloads(mapper.workload(workload)));
            return response.setPage(page.pageInfo()).build();
        });
    }

    @Override
    public Uni<ListRevisionsResponse> listRevisions(ListRevisionsRequest request) {
        return Answers.of(() -> {
            Page<dev.paved.provisioning.deployments.domain.Revision> page = deployments.revisions(callers.current(),
                    request.getEnvironment(), request.getWorkload(), PageRequest.of(request.getPage().getLimit(),
                            request.getPage().getCursor()));
            ListRevisionsResponse.Builder response = ListRevisionsResponse.newBuilder();
            page.items().forEach(revision -> response.addRevisions(mapper.revision(revision)));
            return response.setPage(page.pageInfo()).build();
        });
    }

    @Override
    public Uni<Revision> getRevision(GetRevisionRequest request) {
        return Answers.of(() -> mapper.revision(deployments.revision(callers.current(), request.getEnvironment(),
                request.getWorkload(), request.getRevision())));
    }

    @Override
    public Uni<ListComponentDeploymentsResponse> listComponentDeployments(ListComponentDeploymentsRequest request) {
        return Answers.of(() -> {
            ListComponentDeploymentsResponse.Builder response = ListComponentDeploymentsResponse.newBuilder();
            deployments.ofComponent(callers.current(), request.getNamespace(), request.getName())
                    .forEach(workload -> response.addWorkloads(mapper.workload(workload)));
            return response.build();
        });
    }

    @Override
    public Uni<ListDeploymentHistoryResponse> listDeploymentHistory(ListDeploymentHistoryRequest request) {
        return Answers.of(() -> {
            HistoryQuery query = new HistoryQuery(request.getTeam(),
                    request.hasSince() ? historyTime(request.getSince(), "since") : null,
                    request.hasUntil() ? historyTime(request.getUntil(), "until") : Instant.now(),
                    blankToNull(request.getApplication()), request.getStagesList());
            Page<dev.paved.provisioning.deployments.domain.DeploymentRecord> page = deployments.history(
                    callers.current(), query, PageRequest.of(request.getPage().getLimit(),
                            request.getPage().getCursor()));
            ListDeploymentHistoryResponse.Builder response = ListDeploymentHistoryResponse.newBuilder();
            page.items().forEach(record -> response.addDeployments(mapper.deploymentRecord(record)));
            return response.setPage(page.pageInfo()).build();
        });
    }

    private static Instant historyTime(com.google.protobuf.Timestamp timestamp, String parameter) {
        return RequestTimestamps.instant(timestamp, "INVALID_HISTORY_QUERY", parameter);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
