package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

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
 * An entity's row is stored as written: PostgreSQL would otherwise compress the largest values of
 * every row over 2 kB while it writes it, which JSON of an entity's size repays with little space.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class EntityRowStorageTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CatalogWriter writer;

    @Test
    void aRowOverTwoKilobytesIsStoredWithoutCompressingItsValues() throws SQLException {
        Caller admin = new Caller("row-storage-probe", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());
        String description = "A component described at length. ".repeat(60);
        writer.ingest(admin, "[{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                + "\"metadata\":{\"name\":\"row-storage-probe\",\"description\":\"" + description + "\"},"
                + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"group:default/team\"}}]",
                BodyFormat.JSON, false, null);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_column_size(e.*), pg_column_compression(descriptor), "
                        + "pg_column_compression(full_text), pg_column_compression(search), "
                        + "pg_column_compression(facet_values) from catalog.entities e "
                        + "where ref_key = 'component:default/row-storage-probe'")) {
            assertTrue(row.next());
            assertTrue(row.getInt(1) > 4000, "the row holds " + row.getInt(1) + " bytes");
            for (int column = 2; column <= 5; column++) {
                assertNull(row.getString(column), "column " + column + " was compressed");
            }
        }
    }
}
