package dev.paved.provisioning.deployments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.Timestamp;

import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.RollbackRequest;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Problems;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.Racing;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import dev.paved.testing.TestTokens;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Who may deploy, what is refused, and what a refused request leaves behind: nothing. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class DeploymentRequestsTest {

    private static final String IMAGE = "registry.example.com/payments/checkout:1.4.2";

    KubernetesClient cluster;

    @Test
    void anotherTeamGetsTheEnvironmentsAnswerAndUnknownOrInvalidNamesAreProblems() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String stranger = Provisioning.member("search");
        Problems.assertProblem(403, "ENVIRONMENT_FORBIDDEN",
                () -> Deploying.deploy(stranger, environment, Deploying.webService("checkout", IMAGE)));
        Problems.assertProblem(403, "ENVIRONMENT_FORBIDDEN", () -> GrpcClients.deployments(stranger).listWorkloads(
                ListWorkloadsRequest.newBuilder().setEnvironment(environment).build()));
        Problems.assertProblem(404, "ENVIRONMENT_NOT_FOUND", () -> Deploying.deploy(Provisioning.member("payments"),
                "nowhere-dev", Deploying.webService("checkout", IMAGE)));
        Problem invalidName = Problems.assertProblem(400, "INVALID_ENVIRONMENT_NAME",
                () -> Deploying.deploy(Provisioning.member("payments"), "Not_A_Name", Deploying.webService("checkout", IMAGE)));
        assertEquals("env", invalidName.errors().get(0).parameter(), "the path parameter {env}, as environments name it");
        Problems.assertProblem(401, "UNAUTHENTICATED", () -> Deploying.deploy(null, environment,
                Deploying.webService("checkout", IMAGE)));
        Problems.assertProblem(404, "WORKLOAD_NOT_FOUND", () -> GrpcClients.deployments(Provisioning.member("payments"))
                .getWorkload(GetWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("ghost").build()));
    }

    @Test
    void badSpecsAreRefusedWithPointersIntoTheDocumentAndNothingIsApplied() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        Problems.assertProblem(400, "INVALID_SPEC", () -> Deploying.deploy(token, environment, "{\"name\": "));
        Problems.assertProblem(422, "INVALID_WORKLOAD_SPEC", () -> Deploying.deploy(token, environment,
                Deploying.webService("checkout", IMAGE).replaceFirst("\\{",
                        "{\"annotations\": {\"note\": \"a\\\\u0000\"}, ")));
        Problems.assertProblem(400, "INVALID_VERSION", () -> GrpcClients.deployments(token).deploy(DeployRequest
                .newBuilder().setEnvironment(environment).setSpecJson(Deploying.webService("checkout", IMAGE))
                .setVersion("1.0\0").build()));
        Problem longVersion = Problems.assertProblem(400, "INVALID_VERSION", () -> GrpcClients.deployments(token)
                .deploy(DeployRequest.newBuilder().setEnvironment(environment)
                        .setSpecJson(Deploying.webService("checkout", IMAGE)).setVersion("1." + "0".repeat(127)).build()));
        assertEquals(List.of("version"), parameters(longVersion), longVersion.toString());
        Problem unknownField = Problems.assertProblem(422, "INVALID_WORKLOAD_SPEC", () -> Deploying.deploy(token,
                environment, Deploying.webService("checkout", IMAGE).replaceFirst("\\{", "{\"colour\": \"red\", ")));
        assertTrue(pointers(unknownField).contains("/colour"), unknownField.toString());
        Problem placeholder = Problems.assertProblem(422, "INVALID_WORKLOAD_SPEC", () -> Deploying.deploy(token,
                environment, Deploying.webService("checkout", IMAGE).replace("${metadata.name}",
                        "${resources.db.host}")));
        assertTrue(pointers(placeholder).contains("/variables/GREETING"), placeholder.toString());
        Problem goldenPath = Problems.assertProblem(422, "UNKNOWN_GOLDEN_PATH", () -> Deploying.deploy(token,
                environment, Deploying.webService("checkout", IMAGE).replace("web-service", "mainframe")));
        assertTrue(pointers(goldenPath).contains("/goldenPath"), goldenPath.toString());
        Problem parameters = Problems.assertProblem(422, "INVALID_PARAMETERS", () -> Deploying.deploy(token,
                environment, Deploying.webService("checkout", IMAGE).replaceFirst("\\{",
                        "{\"parameters\": {\"maxReplicas\": \"many\"}, ")));
        assertTrue(pointers(parameters).stream().anyMatch(pointer -> pointer.startsWith("/parameters/maxReplicas")),
                parameters.toString());

        assertEquals(0, GrpcClients.deployments(token).listWorkloads(ListWorkloadsRequest.newBuilder()
                .setEnvironment(environment).build()).getWorkloadsCount());
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("checkout").get());
    }

    @Test
    void badOverridesAreRefusedAtTheirQueryParametersNotIntoTheDocument() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        Problem version = Problems.assertProblem(422, "UNKNOWN_GOLDEN_PATH_VERSION", () -> GrpcClients
                .deployments(token).deploy(DeployRequest.newBuilder().setEnvironment(environment)
                        .setSpecJson(Deploying.webService("checkout", IMAGE)).setGoldenPathVersion("9.9.9").build()));
        assertEquals(List.of("goldenPathVersion"), parameters(version), version.toString());
        Problem parameter = Problems.assertProblem(422, "INVALID_PARAMETERS", () -> GrpcClients.deployments(token)
                .deploy(DeployRequest.newBuilder().setEnvironment(environment)
                        .setSpecJson(Deploying.webService("checkout", IMAGE)).putParameters("maxReplicas", "many")
                        .build()));
        assertTrue(parameters(parameter).contains("param.maxReplicas"), parameter.toString());
        assertTrue(pointers(parameter).stream().noneMatch(pointer -> pointer != null
                && pointer.startsWith("/parameters")), parameter.toString());

        assertEquals(0, GrpcClients.deployments(token).listWorkloads(ListWorkloadsRequest.newBuilder()
                .setEnvironment(environment).build()).getWorkloadsCount());
    }

    @Test
    void aCommitThatIsNoHashOrATimeOutsideWhatATimestampHoldsIsRefusedAsOverRestAndNothingIsRecorded() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployRequest.Builder request = DeployRequest.newBuilder().setEnvironment(environment)
                .setSpecJson(Deploying.webService("checkout", IMAGE));

        for (String commitSha : List.of("zz", "abc123", "a".repeat(65))) {
            Problem sha = Problems.assertProblem(400, "INVALID_COMMIT_SHA", () -> GrpcClients.deployments(token)
                    .deploy(request.clone().setCommitSha(commitSha).build()));
            assertEquals(List.of("commitSha"), parameters(sha), sha.toString());
        }
        for (Timestamp commitTime : List.of(Timestamp.newBuilder().setSeconds(-99_999_999_999_999L).build(),
                Timestamp.newBuilder().setSeconds(253_402_300_800L).build(),
                Timestamp.newBuilder().setSeconds(1).setNanos(-1).build())) {
            Problem time = Problems.assertProblem(400, "INVALID_COMMIT_TIME", () -> GrpcClients.deployments(token)
                    .deploy(request.clone().setCommitTime(commitTime).build()));
            assertEquals(List.of("commitTime"), parameters(time), time.toString());
        }
        assertEquals(0, GrpcClients.deployments(token).listWorkloads(ListWorkloadsRequest.newBuilder()
                .setEnvironment(environment).build()).getWorkloadsCount());
    }

    @Test
    void guardrailsListEveryViolationInOneProblemWithItsCode() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        String spec = """
                {"name": "risky", "goldenPath": "web-service", "image": "evil.example.org/miner:latest",
                 "ports": [{"name": "http", "port": 8080}]}
                """;
        Problem refused = Problems.assertProblem(422, "GUARDRAIL_VIOLATION", () -> Deploying.deploy(token,
                environment, spec));
        Set<String> codes = refused.errors().stream().map(Violation::code).collect(Collectors.toSet());
        assertTrue(codes.containsAll(List.of("allowed-registries", "no-latest-image", "requests-and-limits",
                "probes-required")), refused.toString());
        assertTrue(refused.errors().stream().allMatch(violation -> violation.pointer() != null), refused.toString());
        Problems.assertProblem(422, "GUARDRAIL_VIOLATION", () -> GrpcClients.deployments(token).deploy(
                DeployRequest.newBuilder().setEnvironment(environment).setSpecJson(spec).setDryRun(true).build()));
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("risky").get());
    }

    @Test
    void theQuotaCountsWhatTheEnvironmentsOtherWorkloadsMayTakeForDeploymentsAndDryRuns() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        // Up to 5 replicas each (the golden path's maxReplicas) against the small tier's 4 CPUs of limits:
        // 2,500m for the first and 2,000m for the second, which fits alone but not beside the first.
        String first = Deploying.webService("first", IMAGE).replace("\"cpu\": \"250m\"", "\"cpu\": \"500m\"");
        String second = Deploying.webService("second", IMAGE).replace("\"cpu\": \"250m\"", "\"cpu\": \"400m\"");
        DeployRequest secondDryRun = DeployRequest.newBuilder().setEnvironment(environment).setSpecJson(second)
                .setDryRun(true).build();
        assertTrue(GrpcClients.deployments(token).deploy(secondDryRun).getPlan().getGuardrailsList().stream()
                .anyMatch(decision -> decision.getGuardrail().equals("quota") && decision.getDetail()
                        .startsWith("at most 2000m CPU")), "alone, the second fits");
        DeployResponse accepted = Deploying.deploy(token, environment, first);
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED,
                Provisioning.awaitFinal(accepted.getOperation().getId()).getState());

        for (Executable refusedCall : List.<Executable>of(() -> GrpcClients.deployments(token).deploy(secondDryRun),
                () -> Deploying.deploy(token, environment, second))) {
            Problem refused = Problems.assertProblem(422, "GUARDRAIL_VIOLATION", refusedCall);
            assertTrue(refused.errors().stream().anyMatch(violation -> "quota".equals(violation.code())
                    && violation.message().contains("leaves 1500m CPU")), refused.toString());
        }
        assertNull(cluster.apps().deployments().inNamespace(environment).withName("second").get());
        Problems.assertProblem(404, "WORKLOAD_NOT_FOUND", () -> GrpcClients.deployments(token).getWorkload(
                GetWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("second").build()));
    }

    @Test
    void aProtectedStageNeedsTheConfiguredRole() {
        String application = Provisioning.freshApplication();
        String prod = Deploying.readyEnvironment("payments", application, "prod");
        Problem refused = Problems.assertProblem(403, "STAGE_PROTECTED", () -> Deploying.deploy(
                Provisioning.member("payments"), prod, Deploying.webService("checkout", IMAGE)));
        assertTrue(refused.detail().contains("deployer"), refused.detail());
        String deployer = TestTokens.user("release-bot").team("payments").role("deployer").sign();
        DeployResponse accepted = Deploying.deploy(deployer, prod, Deploying.webService("checkout", IMAGE));
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED,
                Provisioning.awaitFinal(accepted.getOperation().getId()).getState());
        Problem mutable = Problems.assertProblem(422, "GUARDRAIL_VIOLATION", () -> Deploying.deploy(deployer, prod,
                Deploying.webService("checkout", "registry.example.com/payments/checkout:main")));
        assertTrue(mutable.errors().stream().anyMatch(violation -> "no-latest-image".equals(violation.code())),
                mutable.toString());
    }

    @Test
    void anIdempotencyKeyAnswersTheFirstOperationAndRefusesAnotherRequest() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployRequest request = DeployRequest.newBuilder().setEnvironment(environment).setIdempotencyKey("ci-run-42")
                .setSpecJson(Deploying.webService("checkout", IMAGE)).build();
        DeployResponse first = GrpcClients.deployments(token).deploy(request);
        DeployResponse again = GrpcClients.deployments(token).deploy(request);
        assertEquals(first.getOperation().getId(), again.getOperation().getId());
        assertEquals(1, again.getRevision().getNumber());
        Problems.assertProblem(422, "IDEMPOTENCY_KEY_REUSED", () -> GrpcClients.deployments(token).deploy(
                request.toBuilder().setSpecJson(Deploying.webService("checkout",
                        "registry.example.com/payments/checkout:1.4.3")).build()));
    }

    @Test
    void deploymentsOfANewWorkloadRacingWithOneIdempotencyKeyAllAnswerTheOneOperation() throws Exception {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployRequest request = DeployRequest.newBuilder().setEnvironment(environment).setIdempotencyKey("ci-race")
                .setSpecJson(Deploying.webService("racing", IMAGE)).build();
        Set<String> ids = Racing.allAtOnce(6, () -> GrpcClients.deployments(token).deploy(request).getOperation()
                .getId()).stream().collect(Collectors.toSet());
        assertEquals(1, ids.size(), ids::toString);
    }

    @Test
    void firstDeploymentsOfOneWorkloadRacingWithoutAKeyAreAcceptedOrRefusedAsBusy() throws Exception {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployRequest request = DeployRequest.newBuilder().setEnvironment(environment)
                .setSpecJson(Deploying.webService("racing", IMAGE)).build();
        List<String> outcomes = Racing.allAtOnce(6, () -> {
            try {
                return "accepted " + GrpcClients.deployments(token).deploy(request).getOperation().getId();
            } catch (StatusRuntimeException refused) {
                return refused.getStatus().getDescription();
            }
        });
        assertTrue(outcomes.stream().anyMatch(outcome -> outcome.startsWith("accepted ")), outcomes::toString);
        assertTrue(outcomes.stream().allMatch(outcome -> outcome.startsWith("accepted ")
                || outcome.startsWith("WORKLOAD_BUSY")), outcomes::toString);
        // The workers end what was accepted while the refused requests held the workload's lock.
        for (String outcome : outcomes) {
            if (outcome.startsWith("accepted ")) {
                assertEquals(OperationState.OPERATION_STATE_SUCCEEDED,
                        Provisioning.awaitFinal(outcome.substring("accepted ".length())).getState(), outcomes::toString);
            }
        }
    }

    @Test
    void aSecondDeploymentOfABusyWorkloadIsRefusedWhileOthersProceed() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        DeployResponse waiting = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setSpecJson(Deploying.webService("busy", IMAGE)).setWaitForRollout(true)
                .build());
        Problems.assertProblem(409, "WORKLOAD_BUSY", () -> Deploying.deploy(token, environment,
                Deploying.webService("busy", "registry.example.com/payments/checkout:1.4.3")));
        Operation other = Provisioning.awaitFinal(Deploying.deploy(token, environment,
                Deploying.webService("calm", IMAGE)).getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, other.getState(), "another workload is not held up");
        GrpcClients.operations(token).cancelOperation(dev.paved.api.provisioning.v1.CancelOperationRequest.newBuilder()
                .setId(waiting.getOperation().getId()).build());
        assertEquals(OperationState.OPERATION_STATE_CANCELLED,
                Provisioning.awaitFinal(waiting.getOperation().getId()).getState());
    }

    @Test
    void aRollbackNeedsARevisionThatExists() {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("checkout", IMAGE))
                .getOperation().getId());
        Problem missing = Problems.assertProblem(422, "UNKNOWN_REVISION", () -> GrpcClients.deployments(token)
                .rollback(RollbackRequest.newBuilder().setEnvironment(environment).setWorkload("checkout")
                        .setRevision(7).build()));
        assertEquals(List.of("/revision"), pointers(missing));
        Problems.assertProblem(422, "INVALID_REVISION", () -> GrpcClients.deployments(token).rollback(
                RollbackRequest.newBuilder().setEnvironment(environment).setWorkload("checkout").setRevision(0).build()));
    }

    @Test
    void aScoreFileDeploysWithItsAnnotationsAndAPostgresDatabaseByReference() throws Exception {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        String score = """
                apiVersion: score.dev/v1b1
                metadata:
                  name: orders
                  annotations:
                    paved.dev/simulate: slow
                containers:
                  main:
                    image: registry.example.com/payments/orders:3.1.0
                    variables:
                      DB_HOST: ${resources.db.host}
                      DB_PASSWORD: ${resources.db.password}
                      DB_URL: postgres://${resources.db.username}@${resources.db.host}/${resources.db.database}
                    resources:
                      requests: {cpu: 100m, memory: 128Mi}
                      limits: {cpu: 200m, memory: 256Mi}
                    livenessProbe:
                      httpGet: {path: /healthz, port: 8080}
                    readinessProbe:
                      httpGet: {path: /ready, port: 8080}
                service:
                  ports:
                    http: {port: 8080}
                resources:
                  db:
                    type: postgres
                """;
        DeployResponse accepted = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                .setEnvironment(environment).setScoreYaml(score).build());
        assertTrue(!accepted.getRevision().getSpecJson().contains("password\":\""),
                "no credentials in the stored spec");
        Operation done = Provisioning.awaitFinal(accepted.getOperation().getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());

        Deployment deployment = cluster.apps().deployments().inNamespace(environment).withName("orders").get();
        assertEquals("slow", deployment.getMetadata().getAnnotations().get("paved.dev/simulate"));
        List<EnvVar> variables = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        EnvVar password = variables.stream().filter(variable -> variable.getName().equals("DB_PASSWORD")).findFirst()
                .orElseThrow();
        assertNotNull(password.getValueFrom().getSecretKeyRef(), "a secret by reference, never a value");
        String secretName = password.getValueFrom().getSecretKeyRef().getName();
        Secret secret = cluster.secrets().inNamespace(environment).withName(secretName).get();
        assertNotNull(secret, "the credentials' Secret exists before the pods need it");
        String database = decode(secret, "database");
        String username = decode(secret, "username");
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try (Connection connection = DriverManager.getConnection(url, username, decode(secret, "password"))) {
            connection.createStatement().execute("CREATE TABLE orders (id bigint)");
        }

        Operation removed = Provisioning.awaitFinal(GrpcClients.deployments(token).deleteWorkload(
                DeleteWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("orders").build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, removed.getState(), removed.toString());
        assertNull(cluster.secrets().inNamespace(environment).withName(secretName).get());
        assertFalse(databaseExists(database), "the database was dropped with its workload");
    }

    @Test
    void deletingAnEnvironmentDropsTheDatabasesOfItsWorkloads() throws Exception {
        String environment = Deploying.readyEnvironment("payments", "dev");
        String token = Provisioning.member("payments");
        List<String> databases = new ArrayList<>();
        for (String workload : List.of("ledger", "billing")) {
            DeployResponse accepted = GrpcClients.deployments(token).deploy(DeployRequest.newBuilder()
                    .setEnvironment(environment).setSpecJson("""
                            {"name": "%s", "goldenPath": "worker", "image": "registry.example.com/payments/%s:1.0.0",
                             "variables": {"DB_HOST": "${resources.db.host}"},
                             "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                                           "limits": {"cpu": "200m", "memory": "256Mi"}},
                             "provisions": {"db": {"type": "postgres"}}}
                            """.formatted(workload, workload)).build());
            Operation done = Provisioning.awaitFinal(accepted.getOperation().getId());
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
            String secretName = cluster.apps().deployments().inNamespace(environment).withName(workload).get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(variable -> variable.getName().equals("DB_HOST")).findFirst().orElseThrow()
                    .getValueFrom().getSecretKeyRef().getName();
            String database = decode(cluster.secrets().inNamespace(environment).withName(secretName).get(), "database");
            assertTrue(databaseExists(database), "the workload's database exists while it is deployed");
            databases.add(database);
        }

        Operation deleted = Provisioning.awaitFinal(GrpcClients.environments(token).deleteEnvironment(
                DeleteEnvironmentRequest.newBuilder().setName(environment).build()).getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, deleted.getState(), deleted.toString());
        for (String database : databases) {
            assertFalse(databaseExists(database), database + " was dropped with its environment");
        }
    }

    private static boolean databaseExists(String database) throws Exception {
        try (Connection admin = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                var query = admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (var found = query.executeQuery()) {
                found.next();
                return found.getInt(1) > 0;
            }
        }
    }

    @Test
    void aComponentShowsTheWorkloadsThatBelongToItThatTheCallerMaySee() {
        String application = Provisioning.freshApplication();
        String environment = Deploying.readyEnvironment("payments", application, "dev");
        String token = Provisioning.member("payments");
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("web", IMAGE))
                .getOperation().getId());
        Provisioning.awaitFinal(Deploying.deploy(token, environment, Deploying.webService("tagged", IMAGE)
                .replaceFirst("\\{", "{\"annotations\": {\"paved.dev/component\": \"storefront\"}, ")).getOperation()
                .getId());
        var ofApplication = GrpcClients.deployments(token).listComponentDeployments(
                ListComponentDeploymentsRequest.newBuilder().setNamespace("default").setName(application).build());
        assertEquals(List.of("web"), ofApplication.getWorkloadsList().stream().map(workload -> workload.getName())
                .toList());
        assertTrue(GrpcClients.deployments(token).listComponentDeployments(ListComponentDeploymentsRequest
                .newBuilder().setNamespace("default").setName("storefront").build()).getWorkloadsList().stream()
                .anyMatch(workload -> workload.getName().equals("tagged")));
        assertEquals(0, GrpcClients.deployments(Provisioning.member("search")).listComponentDeployments(
                ListComponentDeploymentsRequest.newBuilder().setNamespace("default").setName(application).build())
                .getWorkloadsCount(), "another team sees none of them");
        Problems.assertProblem(400, "INVALID_COMPONENT", () -> GrpcClients.deployments(token)
                .listComponentDeployments(ListComponentDeploymentsRequest.newBuilder().setNamespace("Bad Space")
                        .setName(application).build()));
    }

    private static List<String> parameters(Problem problem) {
        return problem.errors().stream().map(Violation::parameter).toList();
    }

    private static List<String> pointers(Problem problem) {
        return problem.errors().stream().map(Violation::pointer).toList();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }
}
