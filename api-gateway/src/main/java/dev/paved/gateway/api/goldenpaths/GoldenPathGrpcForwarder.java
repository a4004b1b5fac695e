package dev.paved.gateway.api.goldenpaths;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GoldenPath;
import dev.paved.api.provisioning.v1.GoldenPathService;
import dev.paved.api.provisioning.v1.GoldenPathVersion;
import dev.paved.api.provisioning.v1.ListGoldenPathsRequest;
import dev.paved.api.provisioning.v1.ListGoldenPathsResponse;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * {@code paved.provisioning.v1.GoldenPathService} on the gateway's gRPC endpoint: every call goes on
 * to provisioning-service with the caller's token, which authorizes it; answers and problems come
 * back unchanged.
 */
@GrpcService
public class GoldenPathGrpcForwarder implements GoldenPathService {

    private final GoldenPathService goldenPaths;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;

    public GoldenPathGrpcForwarder(@GrpcClient("provisioning") GoldenPathService goldenPaths,
            OnBehalfOfCaller onBehalf, Callers callers) {
        this.goldenPaths = goldenPaths;
        this.onBehalf = onBehalf;
        this.callers = callers;
    }

    private GoldenPathService upstream() {
        callers.current();
        return onBehalf.client(goldenPaths);
    }

    @Override
    public Uni<ListGoldenPathsResponse> listGoldenPaths(ListGoldenPathsRequest request) {
        return Uni.createFrom().deferred(() -> upstream().listGoldenPaths(request));
    }

    @Override
    public Uni<GoldenPath> getGoldenPath(GetGoldenPathRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getGoldenPath(request));
    }

    @Override
    public Uni<GoldenPathVersion> getGoldenPathVersion(GetGoldenPathVersionRequest request) {
        return Uni.createFrom().deferred(() -> upstream().getGoldenPathVersion(request));
    }

    @Override
    public Uni<GoldenPathVersion> registerGoldenPathVersion(RegisterGoldenPathVersionRequest request) {
        return Uni.createFrom().deferred(() -> upstream().registerGoldenPathVersion(request));
    }

    @Override
    public Uni<GoldenPathVersion> deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest request) {
        return Uni.createFrom().deferred(() -> upstream().deprecateGoldenPathVersion(request));
    }
}
