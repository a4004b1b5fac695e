package dev.paved.provisioning.environments.api;

import static dev.paved.provisioning.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.Environment;
import dev.paved.api.provisioning.v1.GetEnvironmentRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsRequest;
import dev.paved.api.provisioning.v1.ListEnvironmentsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.common.problem.Problem;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.Racing;
import dev.paved.provisioning.catalog.FakeCatalog;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import dev.paved.testing.TestTokens;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Who may ask for what, and what a bad request gets: a problem, and nothing written or applied. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class EnvironmentRequestsTest {

    KubernetesClient cluster;

    private static CreateEnvironmentRequest.Builder request(String team, String application, String stage) {
        return CreateEnvironmentRequest.newBuilder().setTeam(team).setApplication(application).setStage(stage);
    }

    private static Operation create(String token, CreateEnvironmentRequest.Builder request) {
        return GrpcClients.environments(token).createEnvironment(request.build());
    }

    private void assertNothingWritten(String name) {
        assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(name).build()));
        assertNull(cluster.namespaces().withName(name).get());
    }

    @Test
    void rejectsCallerWithoutToken() {
        assertProblem(401, "UNAUTHENTICATED", () -> create(null, request("payments", "web", "dev")));
        assertProblem(401, "UNAUTHENTICATED", () -> GrpcClients.environments(TestTokens.user("x").expired().sign())
                .listEnvironments(ListEnvironmentsRequest.getDefaultInstance()));
    }

    @Test
    void rejectsEnvironmentForAnotherTeam() {
        String application = Provisioning.freshApplication();
        assertProblem(403, "TEAM_FORBIDDEN",
                () -> create(Provisioning.member("search"), request("payments", application, "dev")));
        assertNothingWritten(application + "-dev");
    }

    @Test
    void rejectsEnvironmentOfAnotherTeam() {
        String application = Provisioning.freshApplication();
        Operation created = Provisioning.create(Provisioning.member("payments"), "payments", application, "dev");
        Provisioning.awaitFinal(created.getId());

        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> GrpcClients.environments(Provisioning.member("search"))
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(application + "-dev").build()));
        assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> GrpcClients.environments(Provisioning.member("search"))
                .deleteEnvironment(DeleteEnvironmentRequest.newBuilder()
                        .setName(application + "-dev").build()));
        assertProblem(403, "OPERATION_FORBIDDEN", () -> GrpcClients.operations(Provisioning.member("search"))
                .getOperation(GetOperationRequest.newBuilder().setId(created.getId())
                        .build()));
        Environment seenByAdmin = GrpcClients.environments(Provisioning.ADMIN)
                .getEnvironment(GetEnvironmentRequest.newBuilder().setName(application + "-dev").build());
        assertEquals("payments", seenByAdmin.getTeam());
    }

    @Test
    void rejectsTeamThatIsNotInTheCatalog() {
        String application = Provisioning.freshApplication();
        FakeCatalog.AUTHORIZATIONS.clear();
        Problem problem = assertProblem(422, "UNKNOWN_TEAM",
                () -> create(Provisioning.ADMIN, request("ghosts", application, "dev")));
        assertEquals("/team", problem.errors().get(0).pointer());
        assertEquals(List.of("Bearer " + Provisioning.ADMIN), FakeCatalog.AUTHORIZATIONS,
                "the catalog is asked on behalf of the caller");
        assertNothingWritten(application + "-dev");
    }

    @Test
    void rejectsInvalidNamesNamingEveryBadField() {
        Problem problem = assertProblem(400, "INVALID_ENVIRONMENT", () -> create(Provisioning.ADMIN,
                request("Payments", "web_app", "").setName("-x")));
        List<String> pointers = problem.errors().stream().map(error -> error.pointer()).toList();
        assertEquals(List.of("/team", "/application", "/stage", "/name"), pointers);
    }

    @Test
    void rejectsUnknownStageTierAndCluster() {
        String application = Provisioning.freshApplication();
        Problem stage = assertProblem(422, "UNKNOWN_STAGE",
                () -> create(Provisioning.ADMIN, request("payments", application, "qa")));
        assertTrue(stage.errors().get(0).message().contains("dev, prod, staging"), stage.toString());
        assertProblem(422, "UNKNOWN_TIER",
                () -> create(Provisioning.ADMIN, request("payments", application, "dev").setTier("huge")));
        assertProblem(422, "UNKNOWN_CLUSTER",
                () -> create(Provisioning.ADMIN, request("payments", application, "dev").setCluster("mars")));
        assertNothingWritten(application + "-dev");
    }

    @Test
    void rejectsNameTooLongAndReservedNames() {
        String longApplication = "a".repeat(60);
        assertProblem(422, "NAME_TOO_LONG",
                () -> create(Provisioning.ADMIN, request("payments", longApplication, "staging")));
        assertProblem(422, "RESERVED_NAME",
                () -> create(Provisioning.ADMIN, request("payments", "web", "dev").setName("kube-public")));
        assertProblem(422, "RESERVED_NAME",
                () -> create(Provisioning.ADMIN, request("payments", "web", "dev").setName("ingress-nginx")));
    }

    @Test
    void rejectsDuplicateEnvironment() {
        String application = Provisioning.freshApplication();
        Provisioning.awaitFinal(Provisioning.create(Provisioning.ADMIN, "payments", application, "dev").getId());

        Problem sameName = assertProblem(409, "ENVIRONMENT_EXISTS",
                () -> create(Provisioning.ADMIN, request("search", application, "dev")));
        assertEquals("An environment named '" + application + "-dev' already exists.", sameName.detail());
        Problem samePurpose = assertProblem(409, "ENVIRONMENT_EXISTS", () -> create(Provisioning.ADMIN,
                request("payments", application, "dev").setName(application + "-again")));
        assertEquals("Team 'payments' already has environment '" + application + "-dev' for application '"
                + application + "' in stage 'dev'.", samePurpose.detail());
    }

    @Test
    void answersTheSameOperationForTheSameIdempotencyKey() {
        String application = Provisioning.freshApplication();
        String token = Provisioning.member("payments");
        CreateEnvironmentRequest.Builder body = request("payments", application, "dev").setIdempotencyKey("k-" + application);
        Operation first = create(token, body);
        Operation again = create(token, body);
        assertEquals(first.getId(), again.getId());

        Problem reused = assertProblem(422, "IDEMPOTENCY_KEY_REUSED",
                () -> create(token, body.clone().setStage("staging")));
        assertEquals("Idempotency-Key", reused.errors().get(0).parameter());
        assertNothingWritten(application + "-staging");

        Operation otherCaller = create(Provisioning.ADMIN, request("payments", application, "prod")
                .setIdempotencyKey("k-" + application));
        assertNotEquals(first.getId(), otherCaller.getId(), "keys belong to their caller");
    }

    @Test
    void requestsRacingWithOneIdempotencyKeyAllAnswerTheOneOperation() throws Exception {
        String application = Provisioning.freshApplication();
        String token = Provisioning.member("payments");
        CreateEnvironmentRequest.Builder body = request("payments", application, "dev").setIdempotencyKey("k-" + application);
        Set<String> ids = Racing.allAtOnce(6, () -> create(token, body.clone()).getId()).stream()
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), ids::toString);
    }

    @Test
    void listsOnlyWhatTheCallerMaySeeFilteredAndPaged() {
        String application = Provisioning.freshApplication();
        for (String stage : List.of("dev", "staging", "prod")) {
            Provisioning.create(Provisioning.ADMIN, "search", application, stage);
        }
        Provisioning.create(Provisioning.ADMIN, "payments", application + "-p", "dev");

        ListEnvironmentsResponse firstPage = GrpcClients.environments(Provisioning.member("search"))
                .listEnvironments(ListEnvironmentsRequest.newBuilder().setApplication(application)
                        .setPage(PageRequest.newBuilder().setLimit(2)).build());
        assertEquals(List.of(application + "-dev", application + "-prod"),
                firstPage.getEnvironmentsList().stream().map(Environment::getName).toList());
        ListEnvironmentsResponse secondPage = GrpcClients.environments(Provisioning.member("search"))
                .listEnvironments(ListEnvironmentsRequest.newBuilder().setApplication(application)
                        .setPage(PageRequest.newBuilder().setLimit(2).setCursor(firstPage.getPage().getNextCursor()))
                        .build());
        assertEquals(List.of(application + "-staging"),
                secondPage.getEnvironmentsList().stream().map(Environment::getName).toList());
        assertTrue(secondPage.getPage().getNextCursor().isEmpty());

        ListEnvironmentsResponse othersTeam = GrpcClients.environments(Provisioning.member("search"))
                .listEnvironments(ListEnvironmentsRequest.newBuilder().setTeam("payments").build());
        assertEquals(0, othersTeam.getEnvironmentsCount(), "someone else's environments are not listed");

        assertProblem(400, "INVALID_FILTER", () -> GrpcClients.environments(Provisioning.ADMIN)
                .listEnvironments(ListEnvironmentsRequest.newBuilder().setStage("Not A Label").build()));
        assertProblem(400, "INVALID_LIMIT", () -> GrpcClients.environments(Provisioning.ADMIN)
                .listEnvironments(ListEnvironmentsRequest.newBuilder().setPage(PageRequest.newBuilder().setLimit(501))
                        .build()));
    }

    @Test
    void anInvalidEnvironmentNameIsRefusedAsTheEnvPathParameter() {
        Problem refused = assertProblem(400, "INVALID_ENVIRONMENT_NAME", () -> GrpcClients
                .environments(Provisioning.ADMIN).getEnvironment(GetEnvironmentRequest.newBuilder().setName("Bad_Name")
                        .build()));
        assertEquals("env", refused.errors().get(0).parameter());
    }
}
