package dev.paved.e2e.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.e2e.EndToEndTest;
import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.TokenSpec;
import dev.paved.testing.NodeProgram;

/**
 * Backstage's own catalog client ({@code @backstage/catalog-client} from npm, unchanged) against the
 * gateway's /api/catalog: e2e/backstage-client/check.js calls every method in scope (entities,
 * by-query paging through 1,000 entities both ways, by-refs, by name and uid, ancestry, facets,
 * refresh, validation, deletes by uid within and outside the caller's team, missing entities, a bad
 * filter), locations over a bare Git repository made here (dry run, add, list, read, by entity, a
 * query by predicate paged by cursor, a refresh through an entity that picks up a new commit,
 * ancestry, analysis, bad inputs, and who may not add or delete them), full text in named fields;
 * every answer it received is held against the OpenAPI contract here.
 */
@EndToEndTest
class BackstageCatalogClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_PACKAGE = "@backstage/catalog-client";
    private static final List<String> CHECKS = List.of(
            "getEntities: filter, fields, order, offset and limit",
            "getEntities: every match without a limit, filter sets ORed",
            "queryEntities: 1,000 entities forward with nextCursor, and back with prevCursor",
            "queryEntities: limit 0 counts, totalItems exclude does not",
            "streamEntities: every entity, page after page",
            "queryEntities: full-text filter",
            "getEntitiesByRefs: order kept, undefined for a missing ref",
            "getEntitiesByRefs with a filter: undefined for an entity it does not match",
            "getEntityByRef, and the same entity by uid",
            "a missing entity: undefined from getEntityByRef, NotFoundError from the others",
            "getEntityAncestors: an entity written through the API is its own root",
            "getEntityFacets: value counts under the filter",
            "refreshEntity: an entity that exists",
            "validateEntity: valid, and not valid with the reasons",
            "removeEntityByUid: not another team's entity",
            "removeEntityByUid: the team's own entity",
            "a filter that is not one: InputError",
            "queryEntities: full text only in the fields named",
            "addLocation with dryRun: what the target would produce, nothing written",
            "addLocation: registers the location and syncs it at once",
            "addLocation and analyzeLocation of a registered target: ConflictError or a refresh, exists, isRegistered",
            "getLocations, getLocationById and getLocationByEntity",
            "queryLocations and streamLocations: Backstage filter predicates, pages by cursor",
            "getEntityAncestors: an entity from a location, under its Location entity",
            "analyzeLocation: the entities of the files a target names",
            "refreshEntity: syncs the location of the entity, and only its team may",
            "addLocation: bad inputs are InputError",
            "addLocation: not for a caller without a team, nor for another team",
            "updateLocation: another target and back, its entities follow; not by another team, nor to an unreadable one",
            "removeLocationById: not by another team, then by the owner with its entities",
            "unknown locations: NotFoundError or undefined");

    @Test
    void backstagesCatalogClientWorksUnchangedAgainstTheGateway(PlatformUnderTest platform) throws Exception {
        NodeProgram check = NodeProgram.script(platform.root().resolve("e2e/backstage-client"), "check.js",
                CLIENT_PACKAGE);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String namespace = "bs-" + run;
        String team = "bs-team-" + run;
        String otherTeam = "bs-others-" + run;
        String token = platform.token(TokenSpec.user("bs-alice-" + run).team(team));
        String otherTeamToken = platform.token(TokenSpec.user("bs-bob-" + run).team(otherTeam));
        String noTeamToken = platform.token(TokenSpec.user("bs-carol-" + run));
        LocationRepository repository = LocationRepository.create(platform.gitRepositories(), "bs-" + run, namespace,
                team);
        ingest(platform, token, teamEntities(namespace, team));
        ingest(platform, otherTeamToken, component(namespace, "foreign", "Foreign", "service", "experimental", otherTeam));

        Path answers = Files.createTempFile("backstage-client-answers", ".jsonl");
        NodeProgram.Result result = check.run(Map.of("PAVED_URL", platform.gatewayUrl().toString(),
                "PAVED_TOKEN", token, "OTHER_TEAM_TOKEN", otherTeamToken, "CATALOG_NAMESPACE", namespace,
                "TEAM", team, "ANSWERS_FILE", answers.toString(), "NO_TEAM_TOKEN", noTeamToken,
                "LOCATION_REPOSITORY", repository.url(), "LOCATION_GIT_DIR", repository.bare().toString(),
                "LOCATION_NEXT_COMMIT", repository.nextCommit()));

        assertEquals(0, result.exitCode(), result.output());
        for (String name : CHECKS) {
            assertTrue(result.output().contains("ok - " + name + "\n"), () -> "no \"ok - " + name + "\" in:\n"
                    + result.output());
        }
        List<String> lines = Files.readAllLines(answers, StandardCharsets.UTF_8);
        assertTrue(lines.size() > CHECKS.size(), "the client's answers were written down: " + lines.size());
        for (String line : lines) {
            JsonNode answer = JSON.readTree(line);
            platform.contract().check(answer.get("method").asText(), URI.create(answer.get("url").asText()),
                    answer.get("status").asInt(), answer.path("contentType").asText(null),
                    answer.get("body").asText().getBytes(StandardCharsets.UTF_8));
        }
        Files.delete(answers);
    }

    /** The team, 1,000 production components (alternately service and website), and one to delete. */
    private static String teamEntities(String namespace, String team) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  type: team
                  children: []
                """.formatted(team, namespace));
        for (int i = 0; i < 1000; i++) {
            yaml.append("---\n").append(component(namespace, "svc-%04d".formatted(i),
                    i == 7 ? "Payment Gateway" : "Service " + i, i % 2 == 0 ? "service" : "website", "production", team));
        }
        return yaml.append("---\n").append(component(namespace, "doomed", "Doomed", "service", "experimental", team))
                .toString();
    }

    private static String component(String namespace, String name, String title, String type, String lifecycle,
            String owner) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                  namespace: %s
                  title: %s
                spec:
                  type: %s
                  lifecycle: %s
                  owner: %s
                """.formatted(name, namespace, title, type, lifecycle, owner);
    }

    private static void ingest(PlatformUnderTest platform, String token, String yaml) throws Exception {
        HttpResponse<String> response = platform.http().send(HttpRequest.newBuilder(
                URI.create(platform.gatewayUrl() + "/api/v1/catalog/entities"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
