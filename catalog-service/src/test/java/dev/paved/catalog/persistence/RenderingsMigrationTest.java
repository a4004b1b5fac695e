package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.paved.local.EmbeddedDatabase;

/** A catalog stored before V3 keeps every entity as it was served, and its search keys lose only relations. */
class RenderingsMigrationTest {

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

    @Test
    void movesEachRenderingOutOfItsRowAndRelationKeysOutOfSearch() throws SQLException {
        flyway("2").migrate();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement sql = connection.createStatement()) {
            sql.execute("insert into catalog.entities (id, ref_key, kind, namespace, name, kind_key, namespace_key, "
                    + "name_key, descriptor, body, etag, revision, search, facet_values, full_text, created_at, "
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

            flyway("latest").migrate();

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
}
