package dev.paved.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.common.v1.Problem;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;
import dev.paved.local.TokenSpec;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Input larger than gRPC's default 4 MiB reaches the service it is for, through the gateway, and is
 * refused there for what it is; a YAML line long enough to cost seconds to parse is refused unread;
 * a golden path version whose catalog Template would be over the catalog's limit is not stored.
 */
@EndToEndTest
class OversizedInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Metadata.Key<byte[]> PROBLEM_TRAILER = Metadata.Key.of("paved-problem-bin",
            Metadata.BINARY_BYTE_MARSHALLER);
    /** Five million characters, in lines of ten. */
    private static final String FIVE_MEGABYTE_TEMPLATE = "# padding\n".repeat(500_000);

    @Test
    void aFiveMegabyteGoldenPathTemplateIsRefusedForItsLengthOverRestAndGrpcNotAsARateLimit(
            PlatformUnderTest platform) throws Exception {
        String admin = platform.token(TokenSpec.user("root").role("platform-admin"));
        String registration = JSON.writeValueAsString(Map.of("version", "1.0.0", "workloadKind", "Deployment",
                "parametersSchema", Map.of("type", "object"), "template", FIVE_MEGABYTE_TEMPLATE));

        HttpResponse<String> rest = platform.post("/api/v1/golden-paths/e2e-big/versions", admin,
                "application/json", registration);

        assertEquals(422, rest.statusCode(), rest.body());
        JsonNode problem = JSON.readTree(rest.body());
        assertEquals("INVALID_TEMPLATE", problem.path("code").asText(), rest.body());
        assertEquals("/template", problem.path("errors").path(0).path("pointer").asText(), rest.body());

        StatusRuntimeException grpc = assertThrows(StatusRuntimeException.class,
                () -> GoldenPathServiceGrpc.newBlockingStub(platform.grpc())
                        .withCallCredentials(PlatformUnderTest.bearer(admin))
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .registerGoldenPathVersion(RegisterGoldenPathVersionRequest.newBuilder().setName("e2e-big")
                                .setVersion("1.0.0").setWorkloadKind("Deployment")
                                .setParametersSchema("{\"type\": \"object\"}").setTemplate(FIVE_MEGABYTE_TEMPLATE)
                                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, grpc.getStatus().getCode(), grpc::toString);
        assertEquals("INVALID_TEMPLATE", Problem.parseFrom(grpc.getTrailers().get(PROBLEM_TRAILER)).getCode());
    }

    @Test
    void aGoldenPathVersionWhoseTemplateTheCatalogWouldRefuseIsRefusedBeforeItIsStored(PlatformUnderTest platform)
            throws Exception {
        String admin = platform.token(TokenSpec.user("root").role("platform-admin"));
        // Each field within its own limit; the Template it would publish is over the catalog's entity limit.
        String registration = JSON.writeValueAsString(Map.of("version", "1.0.0", "workloadKind", "Deployment",
                "description", "d".repeat(270_000), "parametersSchema", Map.of("type", "object"),
                "template", "kind: Deployment\n"));

        HttpResponse<String> refused = platform.post("/api/v1/golden-paths/e2e-wide/versions", admin,
                "application/json", registration);

        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("TEMPLATE_REFUSED_BY_CATALOG", problem.path("code").asText(), refused.body());
        assertEquals("", problem.path("errors").path(0).path("pointer").asText(), refused.body());
        HttpResponse<String> read = platform.http().send(HttpRequest.newBuilder(
                URI.create(platform.gatewayUrl() + "/api/v1/golden-paths/e2e-wide"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, read.statusCode(), "nothing was stored: " + read.body());
    }

    @Test
    void aCatalogEntityWithAFiveMillionCharacterLineIsRefusedBeforeItIsParsed(PlatformUnderTest platform)
            throws Exception {
        String member = platform.token(TokenSpec.user("alice").team("payments"));
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: e2e-long-line
                  description: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/payments
                """.formatted("x".repeat(5_000_000));

        HttpResponse<String> refused = platform.post("/api/v1/catalog/entities", member, "application/yaml", yaml);

        assertEquals(400, refused.statusCode(), refused.body().substring(0, Math.min(500, refused.body().length())));
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("YAML_LINE_TOO_LONG", problem.path("code").asText());
        assertEquals("/0", problem.path("errors").path(0).path("pointer").asText());
    }
}
