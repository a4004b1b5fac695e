package dev.paved.gateway.api.observability;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.LogLine;
import dev.paved.api.observability.v1.ObservabilityService;
import dev.paved.api.observability.v1.ObservabilityServiceGrpc;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;

/**
 * observability-service as the gateway calls it: on behalf of the caller, who must be one, and who is
 * authorized there with the environment's rule.
 */
@ApplicationScoped
public class ObservabilityUpstream {

    private final ObservabilityService observability;
    private final Channel channel;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public ObservabilityUpstream(@GrpcClient("observability") ObservabilityService observability,
            @GrpcClient("observability") Channel channel, OnBehalfOfCaller onBehalf, Callers callers) {
        this.observability = observability;
        this.channel = channel;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    public ObservabilityService forCaller() {
        callers.current();
        return onBehalf.client(observability);
    }

    /**
     * FollowLogs on behalf of the caller, whose cancel (a follower that went away) cancels the call to
     * observability-service, which the Mutiny client's stream does not do.
     */
    public Multi<LogLine> followLogs(GetLogsRequest request) {
        callers.current();
        ObservabilityServiceGrpc.ObservabilityServiceStub stub = onBehalf.client(ObservabilityServiceGrpc.newStub(channel));
        return Multi.createFrom().emitter(emitter -> stub.followLogs(request,
                new ClientResponseObserver<GetLogsRequest, LogLine>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<GetLogsRequest> call) {
                        emitter.onTermination(() -> call.cancel("the follower went away", null));
                    }

                    @Override
                    public void onNext(LogLine line) {
                        emitter.emit(line);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        emitter.fail(failure);
                    }

                    @Override
                    public void onCompleted() {
                        emitter.complete();
                    }
                }));
    }
}
