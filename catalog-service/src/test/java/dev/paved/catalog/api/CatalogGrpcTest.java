package dev.paved.catalog.api;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.common.v1.Problem;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import dev.paved.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tests over real gRPC: a client of the service under test, on the port it listens on, with a chosen token. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
public abstract class CatalogGrpcTest {

    protected static final String ADMIN = TestTokens.user("root").role("platform-admin").sign();

    private static ManagedChannel channel;

    protected static synchronized ManagedChannel channel() {
        if (channel == null) {
            int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
            channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> channel.shutdownNow()));
        }
        return channel;
    }

    static CatalogServiceGrpc.CatalogServiceBlockingStub as(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return CatalogServiceGrpc.newBlockingStub(channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static CatalogServiceGrpc.CatalogServiceStub asyncAs(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return CatalogServiceGrpc.newStub(channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    protected static CatalogServiceGrpc.CatalogServiceBlockingStub admin() {
        return as(ADMIN);
    }

    static UpsertResponse ingestYaml(String token, String yaml) {
        return as(token).upsert(UpsertRequest.newBuilder().setBody(yaml).setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML)
                .build());
    }

    static UpsertResponse ingestYaml(String yaml) {
        return ingestYaml(ADMIN, yaml);
    }

    protected static Entity get(String kind, String namespace, String name) {
        return admin().getEntity(GetEntityRequest.newBuilder().setKind(kind).setNamespace(namespace).setName(name)
                .build());
    }

    /** The problem a failed call carried in its trailers. */
    protected static Problem problemOf(StatusRuntimeException failure) {
        Metadata trailers = failure.getTrailers();
        if (trailers == null || !trailers.containsKey(GrpcProblems.PROBLEM_TRAILER)) {
            throw new AssertionError("no problem trailer on " + failure.getStatus());
        }
        return trailers.get(GrpcProblems.PROBLEM_TRAILER);
    }

    /** Runs a call that must fail with the given status and problem code; answers the problem. */
    protected static Problem failure(io.grpc.Status.Code status, String code, Runnable call) {
        StatusRuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                call::run);
        org.junit.jupiter.api.Assertions.assertEquals(status, failure.getStatus().getCode(), failure.toString());
        Problem problem = problemOf(failure);
        org.junit.jupiter.api.Assertions.assertEquals(code, problem.getCode(), problem.toString());
        return problem;
    }

    protected static List<String> pointers(Problem problem) {
        return problem.getErrorsList().stream().map(error -> error.getPointer().isEmpty() ? error.getParameter()
                : error.getPointer()).toList();
    }

    protected static String component(String name, String owner, String extraSpec) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                %s""".formatted(name, owner, extraSpec.isEmpty() ? "" : indent(extraSpec));
    }

    protected static String group(String name) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                spec:
                  type: team
                  children: []
                """.formatted(name);
    }

    private static String indent(String spec) {
        StringBuilder indented = new StringBuilder();
        for (String line : spec.split("\n")) {
            indented.append("  ").append(line).append('\n');
        }
        return indented.toString();
    }
}
