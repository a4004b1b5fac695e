package dev.paved.provisioning.goldenpaths.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;

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
import dev.paved.provisioning.api.Answers;
import dev.paved.provisioning.goldenpaths.domain.GoldenPaths;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Anyone signed in reads golden paths: {@link Callers#current()} answers UNAUTHENTICATED to anyone else. */
@GrpcService
@Blocking
public class GoldenPathGrpcService implements GoldenPathService {

    private final GoldenPaths goldenPaths;
    private final Callers callers;

    public GoldenPathGrpcService(GoldenPaths goldenPaths, Callers callers) {
        this.goldenPaths = goldenPaths;
        this.callers = callers;
    }

    @Override
    public Uni<ListGoldenPathsResponse> listGoldenPaths(ListGoldenPathsRequest request) {
        return Answers.of(() -> {
            callers.current();
            ListGoldenPathsResponse.Builder response = ListGoldenPathsResponse.newBuilder();
            goldenPaths.list().forEach(goldenPath -> response.addGoldenPaths(listed(goldenPath)));
            return response.build();
        });
    }

    @Override
    public Uni<GoldenPath> getGoldenPath(GetGoldenPathRequest request) {
        return Answers.of(() -> {
            callers.current();
            return goldenPath(goldenPaths.get(request.getName()));
        });
    }

    @Override
    public Uni<GoldenPathVersion> getGoldenPathVersion(GetGoldenPathVersionRequest request) {
        return Answers.of(() -> {
            callers.current();
            return version(goldenPaths.version(request.getName(), request.getVersion()));
        });
    }

    @Override
    public Uni<GoldenPathVersion> registerGoldenPathVersion(RegisterGoldenPathVersionRequest request) {
        return Answers.of(() -> version(goldenPaths.register(callers.current(),
                new dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion(request.getName(),
                        request.getVersion(), request.getDescription(), request.getParametersSchema(),
                        request.getTemplate(), request.getWorkloadKind(), false, false, null, null))));
    }

    @Override
    public Uni<GoldenPathVersion> deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest request) {
        return Answers.of(() -> version(goldenPaths.deprecate(callers.current(), request.getName(),
                request.getVersion())));
    }

    /** What a list shows of a golden path: its latest version without the template, no other versions. */
    private static GoldenPath listed(dev.paved.provisioning.goldenpaths.domain.GoldenPath goldenPath) {
        return withLatest(goldenPath, false).build();
    }

    private static GoldenPath goldenPath(dev.paved.provisioning.goldenpaths.domain.GoldenPath goldenPath) {
        GoldenPath.Builder message = withLatest(goldenPath, true);
        goldenPath.versions().forEach(version -> message.addVersions(version(version)));
        return message.build();
    }

    private static GoldenPath.Builder withLatest(dev.paved.provisioning.goldenpaths.domain.GoldenPath goldenPath,
            boolean withTemplate) {
        GoldenPath.Builder message = GoldenPath.newBuilder()
                .setName(goldenPath.name())
                .setDescription(goldenPath.description());
        goldenPath.latest().ifPresent(latest -> message.setLatestVersion(latest.version())
                .setLatest(version(latest, withTemplate)));
        return message;
    }

    private static GoldenPathVersion version(dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion version) {
        return version(version, true);
    }

    private static GoldenPathVersion version(dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion version,
            boolean withTemplate) {
        GoldenPathVersion.Builder message = GoldenPathVersion.newBuilder()
                .setName(version.name())
                .setVersion(version.version())
                .setDescription(version.description())
                .setParametersSchema(version.parametersSchema())
                .setWorkloadKind(version.workloadKind())
                .setDeprecated(version.deprecated())
                .setBuiltIn(version.builtIn())
                .setCreatedBy(version.createdBy())
                .setCreatedAt(timestamp(version.createdAt()));
        if (withTemplate) {
            message.setTemplate(version.template());
        }
        return message.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
