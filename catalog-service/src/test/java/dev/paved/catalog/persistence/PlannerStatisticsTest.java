package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.catalog.domain.BodyFormat;
import dev.paved.catalog.domain.CatalogWriter;
import dev.paved.common.security.Caller;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * ANALYZE keeps statistics only for the columns the planner compares: the served body, the
 * descriptor and the search documents (matched through GIN indexes, estimated without them) are
 * left out, so that the ANALYZE autovacuum runs after each large ingest does not sort them.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class PlannerStatisticsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CatalogWriter writer;

    @Test
    void analyzeKeepsStatisticsOnlyForTheColumnsQueriesCompare() throws SQLException {
        Caller admin = new Caller("statistics-probe", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());
        writer.ingest(admin, "[{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                + "\"metadata\":{\"name\":\"statistics-probe\",\"description\":\"Probe\"},\"spec\":{\"type\":\"service\","
                + "\"lifecycle\":\"production\",\"owner\":\"group:default/statistics-probe\"}},"
                + "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"statistics-probe\"},"
                + "\"spec\":{\"type\":\"team\",\"children\":[]}}]", BodyFormat.JSON, false, null);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("analyze catalog.entities, catalog.renderings");
            assertEquals(Set.of("id", "ref_key", "kind", "namespace", "name", "kind_key", "namespace_key", "name_key",
                    "owner_ref", "location", "text_vector", "created_at"), columnsWithStatistics(statement, "entities"));
            assertEquals(Set.of("id", "revision", "updated_at"), columnsWithStatistics(statement, "renderings"));
        }
    }

    private static Set<String> columnsWithStatistics(Statement statement, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (ResultSet rows = statement.executeQuery(
                "select attname from pg_stats where schemaname = 'catalog' and tablename = '" + table + "'")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }
}
