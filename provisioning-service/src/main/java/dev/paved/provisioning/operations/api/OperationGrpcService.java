package dev.paved.provisioning.operations.api;

import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.ListOperationsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationService;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Callers;
import dev.paved.provisioning.api.Answers;
import dev.paved.provisioning.api.ProtoMapper;
import dev.paved.provisioning.operations.domain.OperationView;
import dev.paved.provisioning.operations.domain.Operations;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@GrpcService
@Blocking
public class OperationGrpcService implements OperationService {

    private final Operations operations;
    private final Callers callers;
    private final ProtoMapper mapper;

    public OperationGrpcService(Operations operations, Callers callers, ProtoMapper mapper) {
        this.operations = operations;
        this.callers = callers;
        this.mapper = mapper;
    }

    @Override
    public Uni<Operation> getOperation(GetOperationRequest request) {
        return Answers.of(() -> mapper.operation(operations.get(callers.current(), request.getId())));
    }

    @Override
    public Uni<ListOperationsResponse> listOperations(ListOperationsRequest request) {
        return Answers.of(() -> {
            Page<OperationView> page = operations.list(callers.current(), request.getTeam(), request.getEnvironment(),
                    ProtoMapper.operationState(request.getState()), ProtoMapper.operationType(request.getType()),
                    PageRequest.of(request.getPage().getLimit(), request.getPage().getCursor()));
            ListOperationsResponse.Builder response = ListOperationsResponse.newBuilder();
            page.items().forEach(view -> response.addOperations(mapper.operation(view)));
            return response.setPage(page.pageInfo()).build();
        });
    }

    @Override
    public Uni<Operation> cancelOperation(CancelOperationRequest request) {
        return Answers.of(() -> mapper.operation(operations.cancel(callers.current(), request.getId())));
    }

    @Override
    public Multi<OperationEvent> watchOperation(WatchOperationRequest request) {
        try {
            return operations.follow(callers.current(), request.getId(), request.getAfterSequence())
                    .map(mapper::event);
        } catch (RuntimeException failure) {
            return Multi.createFrom().failure(failure);
        }
    }
}
