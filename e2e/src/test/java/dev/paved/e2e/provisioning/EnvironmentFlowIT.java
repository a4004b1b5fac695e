package dev.paved.e2e.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.e2e.EndToEndTest;
import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiResponse;
import dev.paved.sdk.api.EnvironmentsApi;
import dev.paved.sdk.api.OperationsApi;
import dev.paved.sdk.model.Environment;
import dev.paved.sdk.model.Operation;
import dev.paved.sdk.model.PageEnvironmentJson;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Environments through the gateway, against the packaged services: the team is a Group in the real
 * catalog, the environment is provisioned on the in-process Kubernetes API, followed as SSE, and torn
 * down again.
 */
@EndToEndTest
class EnvironmentFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> send(PlatformUnderTest platform, String token, String method, String path,
            String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", path.startsWith("/api/v1/catalog") ? "application/yaml" : "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return platform.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String newTeam(PlatformUnderTest platform) throws IOException, InterruptedException {
        String team = "e2e-env-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = platform.token(TokenSpec.user("root").role("platform-admin"));
        HttpResponse<String> ingested = send(platform, admin, "POST", "/api/v1/catalog/entities", """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                spec:
                  type: team
                  children: []
                """.formatted(team));
        assertEquals(200, ingested.statusCode(), ingested.body());
        return team;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void refusesBadRequestsWithProblemsAndWritesNothing(PlatformUnderTest platform) throws Exception {
        String team = newTeam(platform);
        String member = platform.token(TokenSpec.user("bea").team(team));

        HttpResponse<String> unknownTeam = send(platform, platform.token(TokenSpec.user("ghost").team("e2e-ghosts")),
                "POST", "/api/v1/environments", "{\"team\":\"e2e-ghosts\",\"application\":\"web\",\"stage\":\"dev\"}");
        assertEquals(422, unknownTeam.statusCode(), unknownTeam.body());
        assertEquals("UNKNOWN_TEAM", json(unknownTeam).path("code").asText());
        assertTrue(unknownTeam.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        HttpResponse<String> badName = send(platform, member, "POST", "/api/v1/environments",
                "{\"team\":\"" + team + "\",\"application\":\"Web_App\",\"stage\":\"dev\"}");
        assertEquals(400, badName.statusCode(), badName.body());
        assertEquals("/application", json(badName).path("errors").path(0).path("pointer").asText());

        HttpResponse<String> otherTeam = send(platform, member, "POST", "/api/v1/environments",
                "{\"team\":\"e2e-someone-else\",\"application\":\"web\",\"stage\":\"dev\"}");
        assertEquals(403, otherTeam.statusCode(), otherTeam.body());

        assertEquals(400, send(platform, member, "GET", "/api/v1/operations/not-a-uuid", null).statusCode());
        assertEquals(404, send(platform, member, "GET", "/api/v1/operations/" + UUID.randomUUID(), null).statusCode());
        assertEquals(401, send(platform, null, "GET", "/api/v1/environments", null).statusCode());
        PageEnvironmentJson listed = new EnvironmentsApi(platform.sdk(member)).listEnvironments(null, null, null, null,
                team);
        assertEquals(List.of(), listed.getItems(), "nothing was written");
        assertNull(listed.getNextCursor(), "the only page");
    }

    @Test
    void provisionsFollowsAndTearsDownAnEnvironment(PlatformUnderTest platform) throws Exception {
        try (KubernetesClient cluster = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(
                        Path.of(platform.running().kubeconfig()))))
                .build()) {
            Assumptions.assumeTrue(acceptsServerSideApply(cluster),
                    "the in-process Kubernetes API answers server-side apply with 415 (fabric8's CRUD mock lacks it)");
            String team = newTeam(platform);
            String member = platform.token(TokenSpec.user("carla").team(team));
            String body = "{\"team\":\"" + team + "\",\"application\":\"shop\",\"stage\":\"dev\",\"name\":\"" + team
                    + "-shop\"}";

            HttpResponse<String> accepted = send(platform, member, "POST", "/api/v1/environments", body,
                    "Idempotency-Key", team);
            assertEquals(202, accepted.statusCode(), accepted.body());
            String operationId = json(accepted).path("id").asText();
            assertTrue(accepted.headers().firstValue("Location").orElseThrow().endsWith("/api/v1/operations/" + operationId));
            HttpResponse<String> again = send(platform, member, "POST", "/api/v1/environments", body,
                    "Idempotency-Key", team);
            assertEquals(operationId, json(again).path("id").asText(), "same key, same body: same operation");

            HttpResponse<String> events = send(platform, member, "GET", "/api/v1/operations/" + operationId + "/events",
                    null, "Accept", "text/event-stream");
            assertEquals(200, events.statusCode(), events.body());
            List<String> data = events.body().lines().filter(line -> line.startsWith("data:")).toList();
            assertTrue(data.get(data.size() - 1).contains("\"operationState\":\"SUCCEEDED\""), events.body());

            String environment = team + "-shop";
            ApiResponse<Environment> read = new EnvironmentsApi(platform.sdk(member))
                    .getEnvironmentWithHttpInfo(environment);
            assertEquals(Environment.StateEnum.READY, read.getData().getState(), read.getData()::toString);
            assertEquals(environment, read.getData().getNamespace());
            assertEquals(team, read.getData().getTeam());
            assertTrue(read.getHeaders().containsKey("etag"));
            Namespace namespace = cluster.namespaces().withName(environment).get();
            assertEquals("paved", namespace.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertEquals(4, cluster.network().networkPolicies().inNamespace(environment).list().getItems().size());

            String stranger = platform.token(TokenSpec.user("dora").team("e2e-other"));
            assertEquals(403, send(platform, stranger, "GET", "/api/v1/environments/" + environment, null).statusCode());

            HttpResponse<String> teardown = send(platform, member, "DELETE", "/api/v1/environments/" + environment, null);
            assertEquals(202, teardown.statusCode(), teardown.body());
            String teardownId = json(teardown).path("id").asText();
            Operation finished = awaitFinal(new OperationsApi(platform.sdk(member)), teardownId);
            assertEquals(Operation.StateEnum.SUCCEEDED, finished.getState(), finished::toString);
            assertEquals(Operation.TypeEnum.DELETE_ENVIRONMENT, finished.getType());
            assertNull(finished.getError(), "a success has no error");
            assertEquals(404, send(platform, member, "GET", "/api/v1/environments/" + environment, null).statusCode());
            assertNull(cluster.namespaces().withName(environment).get());
        }
    }

    private static Operation awaitFinal(OperationsApi operations, String operationId) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        Operation operation = operations.getOperation(operationId);
        while (List.of(Operation.StateEnum.PENDING, Operation.StateEnum.RUNNING).contains(operation.getState())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            operation = operations.getOperation(operationId);
        }
        assertNotNull(operation.getFinishedAt(), operation::toString);
        return operation;
    }

    /** Server-side apply is how Paved writes; an API server without it cannot host environments. */
    private static boolean acceptsServerSideApply(KubernetesClient cluster) {
        String probe = "e2e-ssa-probe-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            cluster.resource(new NamespaceBuilder().withNewMetadata().withName(probe).endMetadata().build())
                    .fieldManager("e2e").forceConflicts().serverSideApply();
            cluster.namespaces().withName(probe).delete();
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
