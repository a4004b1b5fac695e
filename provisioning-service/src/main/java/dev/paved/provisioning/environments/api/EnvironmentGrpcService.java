package dev.paved.provisioning.environments.api;

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
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Callers;
import dev.paved.provisioning.api.Answers;
import dev.paved.provisioning.api.ProtoMapper;
import dev.paved.provisioning.environments.domain.EnvironmentView;
import dev.paved.provisioning.environments.domain.Environments;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

@GrpcService
@Blocking
public class EnvironmentGrpcService implements EnvironmentService {

    private final Environments environments;
    private final Callers callers;
    private final ProtoMapper mapper;

    public EnvironmentGrpcService(Environments environments, Callers callers, ProtoMapper mapper) {
        this.environments = environments;
        this.callers = callers;
        this.mapper = mapper;
    }

    @Override
    public Uni<Operation> createEnvironment(CreateEnvironmentRequest request) {
        return Answers.of(() -> mapper.operation(environments.create(callers.current(),
                new Environments.CreateRequest(request.getTeam(), request.getApplication(), request.getStage(),
                        request.getTier(), request.getCluster(), request.getName(), request.getIdempotencyKey(),
                        request.getDryRun()))));
    }

    @Override
    public Uni<Environment> getEnvironment(GetEnvironmentRequest request) {
        return Answers.of(() -> mapper.environment(environments.get(callers.current(), request.getName())));
    }

    @Override
    public Uni<ListEnvironmentsResponse> listEnvironments(ListEnvironmentsRequest request) {
        return Answers.of(() -> {
            Page<EnvironmentView> page = environments.list(callers.current(), request.getTeam(),
                    request.getApplication(), request.getStage(),
                    PageRequest.of(request.getPage().getLimit(), request.getPage().getCursor()));
            ListEnvironmentsResponse.Builder response = ListEnvironmentsResponse.newBuilder();
            page.items().forEach(view -> response.addEnvironments(mapper.environment(view)));
            return response.setPage(page.pageInfo()).build();
        });
    }

    @Override
    public Uni<Operation> updateEnvironment(UpdateEnvironmentRequest request) {
        return Answers.of(() -> mapper.operation(environments.changeTier(callers.current(), request.getName(),
                request.getTier(), request.getIfMatch(), request.getIdempotencyKey(), request.getDryRun())));
    }

    @Override
    public Uni<Operation> deleteEnvironment(DeleteEnvironmentRequest request) {
        return Answers.of(() -> mapper.operation(environments.delete(callers.current(), request.getName(),
                request.getIfMatch(), request.getIdempotencyKey(), request.getDryRun())));
    }

    @Override
    public Uni<Operation> reconcileEnvironment(ReconcileEnvironmentRequest request) {
        return Answers.of(() -> mapper.operation(environments.reconcile(callers.current(), request.getName(),
                request.getIdempotencyKey(), request.getDryRun())));
    }
}
