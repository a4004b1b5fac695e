package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.paved.local.EmbeddedDatabase;

/** Catalogs stored by earlier versions keep what they served when migrated; each test starts from an empty schema. */
class CatalogMigrationsTest {

    private static EmbeddedDatabase database;

    @BeforeAll
    static void start() throws IOException {
        database = EmbeddedDatabase.start(null, 0);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .schemas("catalog").locations("classpath:db/migration").target(target).load();
    }

    private static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
        try (Statement sql = connection.createStatement()) {
            sql.execute("drop schema if exists catalog cascade");
        }
        return connection;
    }

    /** Migrates an empty schema to the version, stores rows as that version did, then migrates to the latest. */
    private static void migrate(Statement sql, String version, String rowsAsStored) throws SQLException {
        flyway(version).migrate();
        sql.execute(rowsAsStored);
        flyway("latest").migrate();
    }

    @Test
    void movesEachRenderingOutOfItsRowAndRelationKeysOutOfSearch() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            migrate(sql, "2", "insert into catalog.entities (id, ref_key, kind, namespace, name, kind_key, "
                    + "namespace_key, name_key, descriptor, body, etag, revision, search, facet_values, full_text, created_at, "
                    + "updated_at) values "
                    + "('00000000-0000-0000-0000-000000000001', 'group:default/a', 'Group', 'default', 'a', 'group', "
                    + "'default', 'a', '{}', '{\"served\":1}', 'etag-a', 7, "
                    + "'{\"spec.type\":[\"team\"],\"relations.ownerof\":[\"component:default/b\"]}', "
                    + "'{\"spec.type\":[\"team\"],\"relations.ownerof\":[\"component:default/B\"]}', 'a', "
                    + "'2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), "
                    + "('00000000-0000-0000-0000-000000000002', 'location:default/c', 'Location', 'default', 'c', "
                    + "'location', 'default', 'c', '{}', '{\"served\":2}', 'etag-c', 9, "
                    + "'{\"spec.type\":[\"url\"]}', '{\"spec.type\":[\"url\"]}', 'c', "
                    + "'2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')");

            try (ResultSet rows = sql.executeQuery("select e.ref_key, r.body, r.etag, r.revision, "
                    + "extract(epoch from r.updated_at)::bigint, e.search::text, e.facet_values::text from catalog.entities e "
                    + "join catalog.renderings r on r.id = e.id order by e.ref_key")) {
                rows.next();
                assertEquals("group:default/a", rows.getString(1));
                assertEquals("{\"served\":1}", rows.getString(2));
                assertEquals("etag-a", rows.getString(3));
                assertEquals(7, rows.getLong(4));
                assertEquals(1767312000L, rows.getLong(5), "2026-01-02T00:00:00Z");
                assertEquals("{\"spec.type\": [\"team\"]}", rows.getString(6));
                assertEquals("{\"spec.type\": [\"team\"]}", rows.getString(7));
                rows.next();
                assertEquals("location:default/c", rows.getString(1));
                assertEquals(9, rows.getLong(4));
                assertEquals("{\"spec.type\": [\"url\"]}", rows.getString(6));
            }
        }
    }

    @Test
    void dropsTheKeysTheRowsColumnsHoldFromSearchAndFacetValuesAndKeepsTheRest() throws SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            migrate(sql, "5", "insert into catalog.entities (id, ref_key, kind, namespace, name, kind_key, "
                    + "namespace_key, name_key, descriptor, search, facet_values, full_text) values "
                    + "('00000000-0000-0000-0000-000000000003', 'component:default/d', 'Component', 'default', 'D', "
                    + "'component', 'default', 'd', '{}', "
                    + "'{\"kind\":[\"component\"],\"metadata.name\":[\"d\"],\"metadata.namespace\":[\"default\"],"
                    + "\"metadata.uid\":[\"00000000-0000-0000-0000-000000000003\"],\"spec.type\":[\"service\"]}', "
                    + "'{\"kind\":[\"Component\"],\"metadata.name\":[\"D\"],\"metadata.namespace\":[\"default\"],"
                    + "\"metadata.uid\":[\"00000000-0000-0000-0000-000000000003\"],\"spec.type\":[\"Service\"]}', 'd')");

            try (ResultSet rows = sql.executeQuery("select search::text, facet_values::text, kind, name, id::text "
                    + "from catalog.entities")) {
                rows.next();
                assertEquals("{\"spec.type\": [\"service\"]}", rows.getString(1));
                assertEquals("{\"spec.type\": [\"Service\"]}", rows.getString(2));
                assertEquals("Component", rows.getString(3));
                assertEquals("D", rows.getString(4));
                assertEquals("00000000-0000-0000-0000-000000000003", rows.getString(5));
            }
        }
    }

    @Test
    void keepsOnlyTheDeclaredDirectionOfEachRelationWithItsOriginsRefAsWritten() throws SQLException {
        String entity = "('%s', '%s', '%s', 'Default', '%s', '%s', 'default', '%s', '{}', '{}', '{}', '')";
        String a = "00000000-0000-0000-0000-00000000000a";
        String b = "00000000-0000-0000-0000-00000000000b";
        String c = "00000000-0000-0000-0000-00000000000c";
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            migrate(sql, "7", "insert into catalog.entities (id, ref_key, kind, namespace, name, kind_key, "
                    + "namespace_key, name_key, descriptor, search, facet_values, full_text) values "
                    + entity.formatted(a, "component:default/svc", "Component", "Svc", "component", "svc") + ", "
                    + entity.formatted(b, "group:default/team", "Group", "Team", "group", "team") + ", "
                    + entity.formatted(c, "component:default/loop", "Component", "Loop", "component", "loop") + "; "
                    + "insert into catalog.relations (origin_id, source_key, type, target_key, target_ref) values "
                    + "('" + a + "', 'component:default/svc', 'ownedBy', 'group:default/team', 'group:default/Team'), "
                    + "('" + a + "', 'group:default/team', 'ownerOf', 'component:default/svc', 'component:default/Svc'), "
                    + "('" + c + "', 'component:default/loop', 'dependsOn', 'component:default/loop', "
                    + "'component:default/Loop'), "
                    + "('" + c + "', 'component:default/loop', 'dependencyOf', 'component:default/loop', "
                    + "'component:default/Loop')");

            List<String> stored = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("select origin_id::text, source_key, source_ref, type, target_key, "
                    + "target_ref from catalog.relations order by source_key, type")) {
                while (rows.next()) {
                    stored.add(String.join(" ", rows.getString(1).substring(35), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
            assertEquals(List.of(
                    "c component:default/loop component:default/Loop dependencyOf component:default/loop component:default/Loop",
                    "c component:default/loop component:default/Loop dependsOn component:default/loop component:default/Loop",
                    "a component:default/svc component:default/Svc ownedBy group:default/team group:default/Team"),
                    stored);
            List<String> indexes = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("select indexname from pg_indexes where schemaname = 'catalog' "
                    + "and tablename = 'relations' order by indexname")) {
                while (rows.next()) {
                    indexes.add(rows.getString(1));
                }
            }
            assertEquals(List.of("relations_by_source", "relations_by_target"), indexes);
        }
    }
}
