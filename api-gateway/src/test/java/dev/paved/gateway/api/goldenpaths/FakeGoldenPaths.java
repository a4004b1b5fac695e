package dev.paved.gateway.api.goldenpaths;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GoldenPath;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import dev.paved.api.provisioning.v1.GoldenPathVersion;
import dev.paved.api.provisioning.v1.ListGoldenPathsRequest;
import dev.paved.api.provisioning.v1.ListGoldenPathsResponse;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.gateway.api.provisioning.FakeProvisioning;
import io.grpc.stub.StreamObserver;

/**
 * provisioning-service's GoldenPathService as the gateway's tests see it: the built-in web-service
 * golden path, and the refusals the real one gives (an unknown golden path, a caller who is not a
 * platform admin, a version taken already).
 */
public final class FakeGoldenPaths implements GoldenPathServiceGrpc.AsyncService {

    static final String SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
            + "\"properties\":{\"minReplicas\":{\"type\":\"integer\",\"minimum\":1}}}";
    static final String TEMPLATE = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {spec.name}\n";

    static GoldenPathVersion version(String name, String version) {
        return GoldenPathVersion.newBuilder().setName(name).setVersion(version).setDescription("A web service.")
                .setParametersSchema(SCHEMA).setTemplate(TEMPLATE).setWorkloadKind("Deployment").setBuiltIn(true)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L)).build();
    }

    static GoldenPath goldenPath(String name) {
        return GoldenPath.newBuilder().setName(name).setDescription("Deployment, Service, HPA, PDB.")
                .setLatestVersion("1.1.0").setLatest(version(name, "1.1.0")).addVersions(version(name, "1.1.0"))
                .addVersions(version(name, "1.0.0").toBuilder().setDeprecated(true)).build();
    }

    /** As the list shows it: the latest version without its template, no versions. */
    static GoldenPath listed(String name) {
        GoldenPath full = goldenPath(name);
        return full.toBuilder().clearVersions().setLatest(full.getLatest().toBuilder().clearTemplate()).build();
    }

    private static <T> void fail(StreamObserver<T> response, int status, String code, String detail) {
        response.onError(GrpcProblems.toStatus(Problem.of(status, code, detail, null, List.of())));
    }

    private static <T> void answer(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }

    /** What provisioning-service decides from the token: whether the caller has the platform-admin role. */
    private static boolean callerIsAdmin() {
        String token = FakeProvisioning.LAST_AUTHORIZATION.get().substring("Bearer ".length());
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return claims.contains("platform-admin");
    }

    private static <T> boolean refusedUnlessAdmin(StreamObserver<T> response) {
        if (!callerIsAdmin()) {
            fail(response, 403, "ADMIN_REQUIRED", "Only platform admins change golden paths.");
            return true;
        }
        return false;
    }

    @Override
    public void listGoldenPaths(ListGoldenPathsRequest request, StreamObserver<ListGoldenPathsResponse> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        answer(response, ListGoldenPathsResponse.newBuilder().addGoldenPaths(listed("web-service"))
                .addGoldenPaths(GoldenPath.newBuilder().setName("retired").setDescription("All versions deprecated."))
                .build());
    }

    @Override
    public void getGoldenPath(GetGoldenPathRequest request, StreamObserver<GoldenPath> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (!request.getName().equals("web-service")) {
            fail(response, 404, "GOLDEN_PATH_NOT_FOUND", "There is no golden path '" + request.getName() + "'.");
            return;
        }
        answer(response, goldenPath(request.getName()));
    }

    @Override
    public void getGoldenPathVersion(GetGoldenPathVersionRequest request, StreamObserver<GoldenPathVersion> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (!request.getVersion().startsWith("1.")) {
            fail(response, 404, "GOLDEN_PATH_VERSION_NOT_FOUND", "web-service has no version " + request.getVersion());
            return;
        }
        answer(response, version(request.getName(), request.getVersion()));
    }

    @Override
    public void registerGoldenPathVersion(RegisterGoldenPathVersionRequest request,
            StreamObserver<GoldenPathVersion> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedUnlessAdmin(response)) {
            return;
        }
        if (request.getVersion().equals("1.0.0")) {
            fail(response, 409, "GOLDEN_PATH_VERSION_EXISTS", "web-service 1.0.0 exists already.");
            return;
        }
        answer(response, GoldenPathVersion.newBuilder().setName(request.getName()).setVersion(request.getVersion())
                .setDescription(request.getDescription()).setParametersSchema(request.getParametersSchema())
                .setTemplate(request.getTemplate()).setWorkloadKind(request.getWorkloadKind()).setCreatedBy("root")
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L)).build());
    }

    @Override
    public void deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest request,
            StreamObserver<GoldenPathVersion> response) {
        FakeProvisioning.LAST_REQUEST.set(request);
        if (refusedUnlessAdmin(response)) {
            return;
        }
        answer(response, version(request.getName(), request.getVersion()).toBuilder().setDeprecated(true).build());
    }
}
