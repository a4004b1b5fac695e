package dev.paved.gateway.api.provisioning;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.EnvironmentService;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.UpdateEnvironmentRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.provisioning.v1.EnvironmentService} on the gateway's gRPC endpoint: every call goes on
 * to provisioning-service with the caller's token, which authorizes it; answers and problems come
 * back unchanged.
 */
@GrpcService
public class EnvironmentGrpcForwarder implements EnvironmentService {

    private final EnvironmentService environments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public EnvironmentGrpcForwarder(@GrpcClient("provisioning") EnvironmentService environments,
            OnBehalfOfCaller onBehalf, Callers callers) {
        this.environments = environments;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private EnvironmentService upstream() {
        callers.current();
        return onBehalf.client(environments);
    }

    @Override
    public Uni<Operation> createEnvironment(CreateEnvironmentRequest request) {
        return Uni.createFrom().deferred(() -> upstream().createEnvironment(request));
    }

    @Override
    public Uni<Environment> getEnvironment(GetEnvironmentRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getEnvironment(request));
    }

    @Override
    public Uni<ListEnvironmentsResponse> listEnvironments(ListEnvironmentsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listEnvironments(request));
    }

    @Override
    public Uni<Operation> updateEnvironment(UpdateEnvironmentRequest request) {
        return Uni.createFrom().deferred(() -> upstream().updateEnvironment(request));
    }

    @Override
    public Uni<Operation> deleteEnvironment(DeleteEnvironmentRequest request) {
        return Uni.createFrom().deferred(() -> upstream().deleteEnvironment(request));
    }

    @Override
    public Uni<Operation> reconcileEnvironment(ReconcileEnvironmentRequest request) {
        return Uni.createFrom().deferred(() -> upstream().reconcileEnvironment(request));
    }
}
