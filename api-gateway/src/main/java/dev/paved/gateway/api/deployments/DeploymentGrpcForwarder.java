package dev.paved.gateway.api.deployments;

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
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.provisioning.v1.DeploymentService} on the gateway's gRPC endpoint: every call goes on
 * to provisioning-service with the caller's token, which authorizes it; answers and problems come
 * back unchanged.
 */
@GrpcService
public class DeploymentGrpcForwarder implements DeploymentService {

    private final DeploymentService deployments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public DeploymentGrpcForwarder(@GrpcClient("provisioning") DeploymentService deployments,
            OnBehalfOfCaller onBehalf, Callers callers) {
        this.deployments = deployments;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private DeploymentService upstream() {
        callers.current();
        return onBehalf.client(deployments);
    }

    @Override
    public Uni<DeployResponse> deploy(DeployRequest request) {
        return Uni.createFrom().deferred(() -> upstream().deploy(request));
    }

    @Override
    public Uni<DeployResponse> rollback(RollbackRequest request) {
        return Uni.createFrom().deferred(() -> upstream().rollback(request));
    }

    @Override
    public Uni<DeployResponse> promote(PromoteRequest request) {
        return Uni.createFrom().deferred(() -> upstream().promote(request));
    }

    @Override
    public Uni<Operation> deleteWorkload(DeleteWorkloadRequest request) {
        return Uni.createFrom().deferred(() -> upstream().deleteWorkload(request));
    }

    @Override
    public Uni<Workload> getWorkload(GetWorkloadRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getWorkload(request));
    }

    @Override
    public Uni<ListWorkloadsResponse> listWorkloads(ListWorkloadsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listWorkloads(request));
    }

    @Override
    public Uni<ListRevisionsResponse> listRevisions(ListRevisionsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listRevisions(request));
    }

    @Override
    public Uni<Revision> getRevision(GetRevisionRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getRevision(request));
    }

    @Override
    public Uni<ListComponentDeploymentsResponse> listComponentDeployments(ListComponentDeploymentsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listComponentDeployments(request));
    }

    @Override
    public Uni<ListDeploymentHistoryResponse> listDeploymentHistory(ListDeploymentHistoryRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listDeploymentHistory(request));
    }
}
