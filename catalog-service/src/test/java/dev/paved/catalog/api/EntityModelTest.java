package dev.paved.catalog.api;

import static dev.paved.catalog.api.CatalogGrpcTest.admin;
import static dev.paved.catalog.api.CatalogGrpcTest.get;
import static dev.paved.catalog.api.CatalogGrpcTest.ingestYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.catalog.v1.UpsertResponse;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EntityModelTest extends CatalogGrpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String backstageFile() throws IOException {
        try (InputStream in = EntityModelTest.class.getResourceAsStream("/backstage-catalog-info.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode json(Entity entity) throws IOException {
        return JSON.readTree(entity.getJson());
    }

    static Set<String> relations(Entity entity) throws IOException {
        Set<String> relations = new HashSet<>();
        for (JsonNode relation : json(entity).get("relations")) {
            relations.add(relation.get("type").asText() + " " + relation.get("targetRef").asText());
        }
        return relations;
    }

    @Test
    void importsABackstageFileWithEveryKindUnchanged() throws IOException {
        UpsertResponse response = ingestYaml(backstageFile());

        assertEquals(13, response.getResultsCount());
        assertEquals("domain:default/artists", response.getResults(0).getRef());
        assertEquals("template:default/springboot-template", response.getResults(11).getRef());
        Entity location = get("Location", "default", "example-groups");
        assertEquals("./acme/org.yaml", json(location).at("/spec/targets/0").asText());
        Entity template = get("template", "default", "springboot-template");
        assertEquals("scaffolder.backstage.io/v1beta3", json(template).get("apiVersion").asText());
        assertEquals("${{ steps['publish'].output.remoteUrl }}", json(template).at("/spec/output/links/0/url").asText());
        Entity api = get("API", "default", "wayback-api");
        assertEquals("https://example.com/wayback.yaml", json(api).at("/spec/definition/$text").asText());
    }

    @Test
    void computesRelationsInBothDirectionsAsBackstageDoes() throws IOException {
        ingestYaml(backstageFile());

        assertEquals(Set.of(
                "ownedBy group:default/team-a",
                "partOf system:default/artist-engagement-portal",
                "providesApi api:default/artist-api",
                "consumesApi api:default/wayback-api",
                "dependsOn resource:default/artists-db",
                "hasPart component:default/artist-lookup-ui"), relations(get("Component", "default", "artist-web")));
        assertEquals(Set.of(
                "childOf group:default/infrastructure",
                "hasMember user:default/jdoe",
                "ownerOf domain:default/artists",
                "ownerOf system:default/artist-engagement-portal",
                "ownerOf component:default/artist-web",
                "ownerOf api:default/artist-api",
                "ownerOf resource:default/artists-db",
                "ownerOf template:default/springboot-template"), relations(get("Group", "default", "team-a")));
        assertEquals(Set.of("ownedBy user:default/jdoe", "partOf component:default/artist-web"),
                relations(get("Component", "default", "artist-lookup-ui")));
        assertTrue(relations(get("User", "default", "jdoe")).containsAll(Set.of("memberOf group:default/team-a",
                "ownerOf component:default/artist-lookup-ui")));
        assertEquals(Set.of("ownedBy group:default/team-b", "apiConsumedBy component:default/artist-web"),
                relations(get("API", "default", "wayback-api")));
        assertEquals(Set.of("ownedBy group:default/team-a", "partOf domain:default/artists",
                "hasPart component:default/artist-web", "hasPart api:default/artist-api",
                "hasPart resource:default/artists-db"), relations(get("System", "default", "artist-engagement-portal")));
        assertEquals(Set.of("ownedBy group:default/team-a", "hasPart system:default/artist-engagement-portal"),
                relations(get("Domain", "default", "artists")));
        assertTrue(relations(get("Resource", "default", "artists-db")).contains("dependencyOf component:default/artist-web"));
        assertTrue(relations(get("Group", "default", "infrastructure")).containsAll(Set.of(
                "parentOf group:default/team-a", "parentOf group:default/team-b")));
    }

    @Test
    void servesTheDescriptorWithUidEtagAndDefaultNamespace() throws IOException {
        ingestYaml(backstageFile());

        Entity entity = get("component", "default", "artist-web");
        JsonNode body = json(entity);
        assertEquals("default", body.at("/metadata/namespace").asText());
        assertEquals(entity.getUid(), body.at("/metadata/uid").asText());
        assertEquals(entity.getEtag(), body.at("/metadata/etag").asText());
        assertEquals("Artist Web", body.at("/metadata/title").asText());
        assertEquals("custom_label", body.at("/metadata/labels/example.com~1custom").asText());
        assertEquals("admin-dashboard", body.at("/metadata/links/0/type").asText());
        assertEquals("Component", entity.getKind());
        assertTrue(entity.getRevision() > 0);
    }

    @Test
    void keepsQuotesBackslashesAndNonLatinTextExactlyAndFindsThem() throws IOException {
        String title = "Kasse „Zahlung“ — 決済 \\ \"quoted\" {a; b}";
        ingestYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: text-kasse
                  title: '%s'
                  tags: [zahlung]
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/team-a
                """.formatted(title));

        assertEquals(title, json(get("Component", "default", "text-kasse")).at("/metadata/title").asText());
        ListEntitiesResponse byTitle = admin().listEntities(ListEntitiesRequest.newBuilder()
                .addFilter("metadata.title=" + title.toUpperCase(java.util.Locale.ROOT)).build());
        assertEquals(List.of("text-kasse"), byTitle.getItemsList().stream().map(Entity::getName).toList());
        ListEntitiesResponse byText = admin().listEntities(ListEntitiesRequest.newBuilder().setQ("決済").build());
        assertEquals(List.of("text-kasse"), byText.getItemsList().stream().map(Entity::getName).toList());
    }

    @Test
    void keepsTheUidAndChangesTheEtagWithEveryChange() throws IOException {
        ingestYaml(CatalogGrpcTest.group("model-owners"));
        ingestYaml(CatalogGrpcTest.component("model-stable", "model-owners", ""));
        Entity before = get("Component", "default", "model-stable");

        UpsertResponse same = ingestYaml(CatalogGrpcTest.component("model-stable", "model-owners", ""));
        assertEquals(ChangeAction.CHANGE_ACTION_UNCHANGED, same.getResults(0).getAction());
        assertEquals(before.getEtag(), get("Component", "default", "model-stable").getEtag());

        UpsertResponse changed = ingestYaml(CatalogGrpcTest.component("model-stable", "model-owners",
                "system: model-system"));
        Entity after = get("Component", "default", "model-stable");
        assertEquals(ChangeAction.CHANGE_ACTION_UPDATED, changed.getResults(0).getAction());
        assertEquals(before.getUid(), after.getUid());
        assertNotEquals(before.getEtag(), after.getEtag());
        assertTrue(after.getRevision() > before.getRevision());
        assertEquals(after.getEtag(), changed.getResults(0).getEtag());
    }

    @Test
    void reportsAnUnresolvedReferenceUntilItsTargetArrives() throws IOException {
        ingestYaml(CatalogGrpcTest.group("model-waiting-owners"));
        ingestYaml(CatalogGrpcTest.component("model-waiting", "model-waiting-owners", "system: model-later-system"));

        Entity waiting = get("Component", "default", "model-waiting");
        assertTrue(relations(waiting).contains("partOf system:default/model-later-system"));
        JsonNode status = json(waiting).at("/status/items");
        assertEquals(1, status.size());
        assertEquals("paved.dev/unresolved-reference", status.get(0).get("type").asText());
        assertTrue(status.get(0).get("message").asText().contains("system:default/model-later-system"));

        ingestYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: System
                metadata:
                  name: model-later-system
                spec:
                  owner: model-waiting-owners
                """);
        Entity resolved = get("Component", "default", "model-waiting");
        assertTrue(json(resolved).path("status").isMissingNode());
        assertNotEquals(waiting.getEtag(), resolved.getEtag());
        assertTrue(relations(get("System", "default", "model-later-system"))
                .contains("hasPart component:default/model-waiting"));
    }

    @Test
    void deletingAnEntityTakesItsRelationsAlong() throws IOException {
        ingestYaml(CatalogGrpcTest.group("model-leavers"));
        ingestYaml(CatalogGrpcTest.component("model-leaving", "model-leavers", ""));
        assertTrue(relations(get("Group", "default", "model-leavers")).contains("ownerOf component:default/model-leaving"));

        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                .setName("model-leaving").build());

        assertFalse(relations(get("Group", "default", "model-leavers")).contains("ownerOf component:default/model-leaving"));
    }

    @Test
    void readsReferencesCaseInsensitively() throws IOException {
        ingestYaml(backstageFile());

        Entity entity = get("COMPONENT", "Default", "Artist-Web");

        assertEquals("artist-web", entity.getName());
    }
}
