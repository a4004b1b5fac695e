package dev.paved.provisioning.goldenpaths.api;

import static dev.paved.provisioning.Problems.assertProblem;
import static dev.paved.provisioning.goldenpaths.GoldenPathDrafts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathRequest;
import dev.paved.api.provisioning.v1.GetGoldenPathVersionRequest;
import dev.paved.api.provisioning.v1.GoldenPath;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc.GoldenPathServiceBlockingStub;
import dev.paved.api.provisioning.v1.GoldenPathVersion;
import dev.paved.api.provisioning.v1.ListGoldenPathsRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.Awaiting;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.catalog.FakeCatalog;
import dev.paved.provisioning.goldenpaths.GoldenPathDrafts;
import dev.paved.provisioning.goldenpaths.ServiceClientResource;
import dev.paved.provisioning.goldenpaths.domain.FixtureGoldenPaths;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Golden paths over gRPC: reading them, registering and deprecating versions, and their catalog Templates. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceClientResource.class, restrictToAnnotatedClass = false)
class GoldenPathServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static GoldenPathServiceBlockingStub asAdmin() {
        return GrpcClients.goldenPaths(Provisioning.ADMIN);
    }

    private static List<String> pointers(Problem problem) {
        return problem.errors().stream().map(Violation::pointer).toList();
    }

    private static FakeCatalog.Written lastTemplateOf(String name) {
        List<FakeCatalog.Written> templates = FakeCatalog.UPSERTED.stream()
                .filter(written -> written.name().equals(name)).toList();
        assertFalse(templates.isEmpty(), "no Template " + name + " was published");
        return templates.get(templates.size() - 1);
    }

    private static String subjectOf(String authorization) {
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listsGetsAndReadsVersionsOfEveryoneSignedIn() {
        String name = GoldenPathDrafts.freshName();
        asAdmin().registerGoldenPathVersion(draft(name, "1.0.0").build());
        asAdmin().registerGoldenPathVersion(draft(name, "1.1.0").build());
        String member = Provisioning.member("payments");

        List<GoldenPath> all = GrpcClients.goldenPaths(member).listGoldenPaths(ListGoldenPathsRequest
                .getDefaultInstance()).getGoldenPathsList();
        assertTrue(all.stream().anyMatch(path -> path.getName().equals(FixtureGoldenPaths.NAME)),
                "the versions the service ships with are seeded");
        GoldenPath listed = all.stream().filter(path -> path.getName().equals(name)).findFirst().orElseThrow();
        assertEquals("1.1.0", listed.getLatestVersion());
        assertEquals("1.1.0", listed.getLatest().getVersion());
        assertEquals(GoldenPathDrafts.SCHEMA, listed.getLatest().getParametersSchema(), "a portal draws its form");
        assertEquals("", listed.getLatest().getTemplate(), "a list carries no templates");
        assertEquals(0, listed.getVersionsCount(), "nor older versions");

        GoldenPath goldenPath = GrpcClients.goldenPaths(member).getGoldenPath(GetGoldenPathRequest.newBuilder()
                .setName(name).build());
        assertEquals(List.of("1.1.0", "1.0.0"), goldenPath.getVersionsList().stream()
                .map(GoldenPathVersion::getVersion).toList());
        assertEquals(goldenPath.getVersions(0), goldenPath.getLatest());
        assertEquals("Greets, version 1.1.0", goldenPath.getDescription());

        GoldenPathVersion version = GrpcClients.goldenPaths(member).getGoldenPathVersion(GetGoldenPathVersionRequest
                .newBuilder().setName(name).setVersion("1.0.0").build());
        assertEquals(GoldenPathDrafts.SCHEMA, version.getParametersSchema());
        assertEquals(GoldenPathDrafts.TEMPLATE, version.getTemplate());
        assertEquals("Deployment", version.getWorkloadKind());
        assertEquals("root", version.getCreatedBy());
        assertFalse(version.getBuiltIn());
        assertTrue(version.getCreatedAt().getSeconds() > 0);

        assertProblem(404, "GOLDEN_PATH_NOT_FOUND", () -> GrpcClients.goldenPaths(member)
                .getGoldenPath(GetGoldenPathRequest.newBuilder().setName("no-such-path").build()));
        assertProblem(404, "GOLDEN_PATH_VERSION_NOT_FOUND", () -> GrpcClients.goldenPaths(member)
                .getGoldenPathVersion(GetGoldenPathVersionRequest.newBuilder().setName(name).setVersion("9.9.9")
                        .build()));
        assertProblem(401, "UNAUTHENTICATED", () -> GrpcClients.goldenPaths(null)
                .listGoldenPaths(ListGoldenPathsRequest.getDefaultInstance()));
    }

    @Test
    void registeringPublishesATemplateWithTheSchemaOnBehalfOfTheAdmin() throws Exception {
        String name = GoldenPathDrafts.freshName();
        GoldenPathVersion registered = asAdmin().registerGoldenPathVersion(draft(name, "2.3.4").build());
        assertEquals("2.3.4", registered.getVersion());
        assertFalse(registered.getDeprecated());

        FakeCatalog.Written published = lastTemplateOf(name);
        assertEquals("Bearer " + Provisioning.ADMIN, published.authorization());
        JsonNode template = published.entity();
        assertEquals("scaffolder.backstage.io/v1beta3", template.path("apiVersion").asText());
        assertEquals("Template", template.path("kind").asText());
        assertEquals("default", template.at("/metadata/namespace").asText());
        assertEquals("Greets, version 2.3.4", template.at("/metadata/description").asText());
        assertEquals(JSON.readTree("[\"golden-path\", \"deployment\"]"), template.at("/metadata/tags"));
        assertEquals("2.3.4", template.at("/metadata/annotations/paved.dev~1golden-path-version").asText());
        assertEquals("platform-team", template.at("/spec/owner").asText());
        assertEquals("service", template.at("/spec/type").asText());
        JsonNode schema = JSON.readTree(GoldenPathDrafts.SCHEMA);
        JsonNode form = template.at("/spec/parameters/0");
        assertEquals("Greeter", form.path("title").asText());
        assertEquals(schema.get("required"), form.get("required"));
        assertEquals(schema.get("properties"), form.get("properties"));
        assertEquals(JSON.readTree("""
                [{"id": "deploy", "name": "Deploy", "action": "paved:deploy",
                  "input": {"goldenPath": "%s", "goldenPathVersion": "2.3.4"}}]""".formatted(name)),
                template.at("/spec/steps"));

        asAdmin().registerGoldenPathVersion(draft(name, "2.10.0").setWorkloadKind("CronJob").build());
        JsonNode newer = lastTemplateOf(name).entity();
        assertEquals("2.10.0", newer.at("/metadata/annotations/paved.dev~1golden-path-version").asText());
        assertEquals("cron-job", newer.at("/spec/type").asText());
    }

    @Test
    void publishesTheShippedGoldenPathsAtStartupWithItsOwnToken() {
        FakeCatalog.Written published = Awaiting.until(Duration.ofSeconds(20),
                () -> FakeCatalog.UPSERTED.stream().filter(written -> written.name().equals(FixtureGoldenPaths.NAME))
                        .findFirst(),
                Optional::isPresent).orElseThrow();
        assertEquals(ServiceClientResource.SUBJECT, subjectOf(published.authorization()));
        assertEquals("Fixture service", published.entity().at("/spec/parameters/0/title").asText());
    }

    @Test
    void refusesRegistrationByAnyoneButAPlatformAdmin() {
        String name = GoldenPathDrafts.freshName();
        assertProblem(403, "ADMIN_REQUIRED", () -> GrpcClients.goldenPaths(Provisioning.member("platform"))
                .registerGoldenPathVersion(draft(name, "1.0.0").build()));
        assertProblem(404, "GOLDEN_PATH_NOT_FOUND", () -> asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder()
                .setName(name).build()));
        asAdmin().registerGoldenPathVersion(draft(name, "1.0.0").build());
        assertProblem(403, "ADMIN_REQUIRED", () -> GrpcClients.goldenPaths(Provisioning.member("platform"))
                .deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest.newBuilder().setName(name)
                        .setVersion("1.0.0").build()));
        assertFalse(asAdmin().getGoldenPathVersion(GetGoldenPathVersionRequest.newBuilder().setName(name)
                .setVersion("1.0.0").build()).getDeprecated());
    }

    @Test
    void refusesInvalidVersionsNamingEachBadField() {
        String name = GoldenPathDrafts.freshName();
        Problem fields = assertProblem(400, "INVALID_GOLDEN_PATH_VERSION", () -> asAdmin()
                .registerGoldenPathVersion(draft("Bad_Name", "1.0").setWorkloadKind("Pod").build()));
        assertEquals(List.of("/name", "/version", "/workloadKind"), pointers(fields));

        Problem schema = assertProblem(422, "INVALID_PARAMETERS_SCHEMA", () -> asAdmin()
                .registerGoldenPathVersion(draft(name, "1.0.0").setParametersSchema("{\"type\": 12}").build()));
        assertEquals(List.of("/parametersSchema/type"), pointers(schema));

        Problem template = assertProblem(422, "INVALID_TEMPLATE", () -> asAdmin()
                .registerGoldenPathVersion(draft(name, "1.0.0").setTemplate("kind: Deployment\n{#if loud}\nx: y\n")
                        .build()));
        assertEquals(List.of("/template"), pointers(template));
        assertTrue(template.errors().get(0).message().startsWith("line "), template.errors().toString());

        assertProblem(404, "GOLDEN_PATH_NOT_FOUND", () -> asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder()
                .setName(name).build()));
        assertTrue(FakeCatalog.UPSERTED.stream().noneMatch(written -> written.name().equals(name)));
    }

    @Test
    void refusesAVersionWhoseTemplateTheCatalogWouldRefuseBeforeStoringIt() {
        String name = GoldenPathDrafts.freshName();
        // Within every limit of a registration, but its Template is over the catalog's entity limit.
        Problem refused = assertProblem(422, "TEMPLATE_REFUSED_BY_CATALOG", () -> asAdmin()
                .registerGoldenPathVersion(draft(name, "1.0.0").setDescription("d".repeat(270_000)).build()));
        assertEquals(List.of(""), pointers(refused));
        assertTrue(refused.errors().get(0).message().startsWith("its Template is "), refused.errors().toString());

        assertProblem(404, "GOLDEN_PATH_NOT_FOUND", () -> asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder()
                .setName(name).build()));
        assertTrue(FakeCatalog.UPSERTED.stream().noneMatch(written -> written.name().equals(name)));
        asAdmin().registerGoldenPathVersion(draft(name, "1.0.0").build());
        assertEquals(1, FakeCatalog.UPSERTED.stream().filter(written -> written.name().equals(name)).count());
    }

    /**
     * The service takes every message the gateway lets through (paved.grpc.max-message-size, 64 MiB), not
     * gRPC's default of 4 MiB, and more than the gateway's REST body limit of 10 MB: the template reaches
     * the service and is refused for its length.
     */
    @Test
    void aTwelveMegabyteTemplateReachesTheServiceAndIsRefusedAsTooLong() {
        Problem problem = assertProblem(422, "INVALID_TEMPLATE", () -> asAdmin().registerGoldenPathVersion(
                draft(GoldenPathDrafts.freshName(), "1.0.0").setTemplate("# padding\n".repeat(1_200_000)).build()));

        assertEquals(List.of(Violation.at("/template", "is 12000000 characters long; a template may have at most "
                + "262144")), problem.errors());
    }

    /** The transport refuses it before the service sees it, with the problem a REST body over the limit gets. */
    @Test
    void aMessageOverTheLimitIsRefusedAsResourceExhaustedWithThePayloadTooLargeProblem() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> asAdmin()
                .registerGoldenPathVersion(draft(GoldenPathDrafts.freshName(), "1.0.0")
                        .setTemplate("x".repeat(64 * 1024 * 1024)).build()));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
        Problem problem = GrpcProblems.fromStatus(refused.getStatus(), refused.getTrailers(), null);
        assertEquals(413, problem.status());
        assertEquals("PAYLOAD_TOO_LARGE", problem.code());
        assertEquals("The request message is larger than the limit of 67108864 bytes.", problem.detail());
    }

    @Test
    void refusesAVersionThatIsTaken() {
        String name = GoldenPathDrafts.freshName();
        asAdmin().registerGoldenPathVersion(draft(name, "1.0.0").build());
        assertProblem(409, "GOLDEN_PATH_VERSION_EXISTS", () -> asAdmin().registerGoldenPathVersion(
                draft(name, "1.0.0").setDescription("something else").build()));
        // Taken is the answer even where the catalog would also refuse the Template (over its entity limit).
        assertProblem(409, "GOLDEN_PATH_VERSION_EXISTS", () -> asAdmin().registerGoldenPathVersion(
                draft(name, "1.0.0").setDescription("d".repeat(270_000)).build()));
        assertEquals("Greets, version 1.0.0", asAdmin().getGoldenPathVersion(GetGoldenPathVersionRequest
                .newBuilder().setName(name).setVersion("1.0.0").build()).getDescription());
    }

    @Test
    void deprecatingMovesTheLatestAndRepublishes() {
        String name = GoldenPathDrafts.freshName();
        asAdmin().registerGoldenPathVersion(draft(name, "1.9.0").build());
        asAdmin().registerGoldenPathVersion(draft(name, "1.10.0").build());

        GoldenPathVersion deprecated = asAdmin().deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest
                .newBuilder().setName(name).setVersion("1.10.0").build());
        assertTrue(deprecated.getDeprecated());
        assertEquals("1.9.0", asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder().setName(name).build())
                .getLatestVersion());
        assertEquals("1.9.0", lastTemplateOf(name).entity()
                .at("/metadata/annotations/paved.dev~1golden-path-version").asText());

        asAdmin().deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest.newBuilder().setName(name)
                .setVersion("1.9.0").build());
        assertEquals("", asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder().setName(name).build())
                .getLatestVersion());
        assertTrue(FakeCatalog.DELETED.stream().anyMatch(written -> written.name().equals(name)
                && written.entity().path("kind").asText().equals("Template")),
                "a golden path with nothing to start from leaves the catalog");

        assertProblem(404, "GOLDEN_PATH_VERSION_NOT_FOUND", () -> asAdmin().deprecateGoldenPathVersion(
                DeprecateGoldenPathVersionRequest.newBuilder().setName(name).setVersion("3.0.0").build()));
    }

    @Test
    void aNameOrVersionWithANulCharacterNamesNoGoldenPath() {
        assertProblem(404, "GOLDEN_PATH_NOT_FOUND", () -> asAdmin().getGoldenPath(GetGoldenPathRequest.newBuilder()
                .setName("web-service\0").build()));
        assertProblem(404, "GOLDEN_PATH_VERSION_NOT_FOUND", () -> asAdmin().getGoldenPathVersion(
                GetGoldenPathVersionRequest.newBuilder().setName("web-service").setVersion("1.0.0\0").build()));
        assertProblem(404, "GOLDEN_PATH_VERSION_NOT_FOUND", () -> asAdmin().deprecateGoldenPathVersion(
                DeprecateGoldenPathVersionRequest.newBuilder().setName("web\0service").setVersion("1.0.0").build()));
    }
}
