package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The catalog's connections plan each statement for its arguments and the tables as they are: a
 * generic plan for the bulk lookups, made while the catalog held a few entities, scanned the whole
 * table for every lookup once it had grown (see application.properties).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class BulkLookupPlanTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyCatalogConnectionPlansEachStatementForItsOwnArguments() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                ResultSet mode = sql.executeQuery("show plan_cache_mode")) {
            mode.next();
            assertEquals("force_custom_plan", mode.getString(1));
        }
    }
}
