package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.catalog.api.CatalogGrpcTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a write stores: a re-render (a relation pointing at an entity appeared) rewrites the entity's
 * rendering only, never its indexed row; an unchanged re-ingest writes nothing at all; and the change
 * feed lists exactly the entities whose served JSON changed.
 */
@QuarkusTest
class RenderingWriteTest extends CatalogGrpcTest {

    @Inject
    AgroalDataSource dataSource;

    private static UpsertResponse ingest(String... documents) {
        return admin().upsert(UpsertRequest.newBuilder().setBody(String.join("---\n", documents))
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).build());
    }

    private static long latestRevision() {
        return admin().changes(ChangesRequest.newBuilder().setSince(Long.MAX_VALUE).build()).getLatestRevision();
    }

    private static Set<String> changedSince(long revision) {
        return admin().changes(ChangesRequest.newBuilder().setSince(revision).setLimit(500).build()).getChangesList()
                .stream().map(change -> change.getRef()).collect(Collectors.toSet());
    }

    /** The transaction that wrote the current version of the entity's row in the table. */
    private String rowVersion(String table, String refKey) throws SQLException {
        String sql = table.equals("entities") ? "select xmin::text from catalog.entities where ref_key = ?"
                : "select r.xmin::text from catalog.renderings r join catalog.entities e on e.id = r.id where e.ref_key = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, refKey);
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next(), refKey + " has no row in " + table);
                return rs.getString(1);
            }
        }
    }

    @Test
    void aReRenderRewritesTheRenderingButNotTheIndexedRow() throws SQLException {
        ingest(group("rw-owners"));
        Entity before = get("Group", "default", "rw-owners");
        String row = rowVersion("entities", "group:default/rw-owners");
        String rendering = rowVersion("renderings", "group:default/rw-owners");

        ingest(component("rw-service", "rw-owners", ""));

        Entity after = get("Group", "default", "rw-owners");
        assertTrue(after.getJson().contains("component:default/rw-service"), "the group gained ownerOf");
        assertNotEquals(before.getEtag(), after.getEtag());
        assertTrue(after.getRevision() > before.getRevision());
        assertNotEquals(rendering, rowVersion("renderings", "group:default/rw-owners"));
        assertEquals(row, rowVersion("entities", "group:default/rw-owners"),
                "the group's row, and so its search and text indexes, were rewritten for a relation");
    }

    @Test
    void anUnchangedReIngestWritesNothingAndKeepsEtagsAndRevisions() throws SQLException {
        String[] documents = {group("rw-same-owners"), component("rw-same", "rw-same-owners", "")};
        ingest(documents);
        Entity group = get("Group", "default", "rw-same-owners");
        Entity component = get("Component", "default", "rw-same");
        List<String> rows = List.of(rowVersion("entities", "group:default/rw-same-owners"),
                rowVersion("renderings", "group:default/rw-same-owners"),
                rowVersion("entities", "component:default/rw-same"),
                rowVersion("renderings", "component:default/rw-same"));
        long since = latestRevision();

        UpsertResponse again = ingest(documents);

        assertTrue(again.getResultsList().stream()
                .allMatch(result -> result.getAction() == ChangeAction.CHANGE_ACTION_UNCHANGED), again.toString());
        assertEquals(group, get("Group", "default", "rw-same-owners"));
        assertEquals(component, get("Component", "default", "rw-same"));
        assertEquals(rows, List.of(rowVersion("entities", "group:default/rw-same-owners"),
                rowVersion("renderings", "group:default/rw-same-owners"),
                rowVersion("entities", "component:default/rw-same"),
                rowVersion("renderings", "component:default/rw-same")));
        assertEquals(Set.of(), changedSince(since));
        assertEquals(since, latestRevision());
    }

    @Test
    void theChangeFeedListsExactlyTheEntitiesWhoseServedJsonChanged() {
        ingest(group("rw-feed-owners"), group("rw-feed-bystanders"), component("rw-feed-one", "rw-feed-owners", ""));
        Entity bystanders = get("Group", "default", "rw-feed-bystanders");
        long since = latestRevision();

        ingest(group("rw-feed-owners"), group("rw-feed-bystanders"), component("rw-feed-one", "rw-feed-owners", ""),
                component("rw-feed-two", "rw-feed-owners", "dependsOn: [component:default/rw-feed-one]"));

        assertEquals(Set.of("component:default/rw-feed-two", "group:default/rw-feed-owners",
                "component:default/rw-feed-one"), changedSince(since),
                "the new entity, its owner (ownerOf) and what it depends on (dependencyOf), nothing else");
        assertEquals(bystanders, get("Group", "default", "rw-feed-bystanders"));
        assertFalse(get("Component", "default", "rw-feed-one").getJson().contains("\"status\""));
    }

    @Test
    void aRenderingThatGainedRelationsEqualsOneMadeFromAllItsRelations() {
        ingest(group("rw-inc-owners"), component("rw-inc-a", "rw-inc-owners", ""));
        // The group and B gain relations from entities that are new: their stored renderings are extended.
        ingest(component("rw-inc-b", "rw-inc-owners", "dependsOn: [component:default/rw-inc-missing]"));
        ingest(component("rw-inc-c", "rw-inc-owners", "dependsOn: [component:default/rw-inc-b]"));
        Entity group = get("Group", "default", "rw-inc-owners");
        Entity b = get("Component", "default", "rw-inc-b");
        assertTrue(group.getJson().contains("\"relations\":[{\"type\":\"ownerOf\",\"targetRef\":\"component:default/rw-inc-a\"},"
                + "{\"type\":\"ownerOf\",\"targetRef\":\"component:default/rw-inc-b\"},"
                + "{\"type\":\"ownerOf\",\"targetRef\":\"component:default/rw-inc-c\"}]"), group.getJson());
        assertTrue(b.getJson().contains("{\"type\":\"dependencyOf\",\"targetRef\":\"component:default/rw-inc-c\"}"),
                b.getJson());
        assertTrue(b.getJson().contains("component:default/rw-inc-missing is not in the catalog yet"), b.getJson());
        long since = latestRevision();

        // A and C change, relations alike: the group and B are rendered again from all their relation rows.
        ingest(component("rw-inc-a", "rw-inc-owners", "system: rw-inc-system"),
                component("rw-inc-c", "rw-inc-owners", "dependsOn: [component:default/rw-inc-b]\nsystem: rw-inc-system"));

        assertEquals(group, get("Group", "default", "rw-inc-owners"), "same JSON, etag and revision");
        assertEquals(b, get("Component", "default", "rw-inc-b"), "same JSON, etag and revision");
        assertEquals(Set.of("component:default/rw-inc-a", "component:default/rw-inc-c"), changedSince(since));
    }

    @Test
    void storesTabsNewlinesBackslashesAndOtherScriptsAsWritten() throws Exception {
        String description = "tab\there, line\nbreak, carriage\rreturn, back\\slash \\N, \u00e9t\u00e9 \u65e5\u672c \ud83d\ude80";
        ingest(group("rw-escapes").replace("metadata:\n  name: rw-escapes", "metadata:\n  name: rw-escapes\n"
                + "  description: \"" + description.replace("\\", "\\\\").replace("\t", "\\t")
                        .replace("\n", "\\n").replace("\r", "\\r") + "\""));

        Entity stored = get("Group", "default", "rw-escapes");
        assertEquals(description, new ObjectMapper()
                .readTree(stored.getJson()).path("metadata").path("description").asText());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select search -> 'metadata.description' ->> 0 from catalog.entities where ref_key = ?")) {
            statement.setString(1, "group:default/rw-escapes");
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(description.toLowerCase(Locale.ROOT), rs.getString(1));
            }
        }
    }
}
