package dev.paved.gateway.api.operations;

import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.ListOperationsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationService;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.provisioning.v1.OperationService} on the gateway's gRPC endpoint: every call, the
 * event stream included, goes on to provisioning-service with the caller's token; its answers and
 * problems come back unchanged.
 */
@GrpcService
public class OperationGrpcForwarder implements OperationService {

    private final OperationService operations;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public OperationGrpcForwarder(@GrpcClient("provisioning") OperationService operations, OnBehalfOfCaller onBehalf,
            Callers callers) {
        this.operations = operations;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private OperationService upstream() {
        callers.current();
        return onBehalf.client(operations);
    }

    @Override
    public Uni<Operation> getOperation(GetOperationRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getOperation(request));
    }

    @Override
    public Uni<ListOperationsResponse> listOperations(ListOperationsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listOperations(request));
    }

    @Override
    public Uni<Operation> cancelOperation(CancelOperationRequest request) {
        return Uni.createFrom().deferred(() -> upstream().cancelOperation(request));
    }

    @Override
    public Multi<OperationEvent> watchOperation(WatchOperationRequest request) {
        return Multi.createFrom().deferred(() -> upstream().watchOperation(request));
    }
}
