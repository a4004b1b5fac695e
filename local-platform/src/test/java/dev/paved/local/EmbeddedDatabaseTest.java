package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @Test
    void keepsItsDataAcrossRestarts(@TempDir Path data) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data, 0);
                Connection connection = DriverManager.getConnection(database.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (name text)");
            statement.execute("INSERT INTO survivor VALUES ('still here')");
        }
        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data, 0);
                Connection connection = DriverManager.getConnection(restarted.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name, current_database(), version() FROM survivor")) {
            assertTrue(rows.next());
            assertEquals("still here", rows.getString(1));
            assertEquals(EmbeddedDatabase.DATABASE, rows.getString(2));
            assertTrue(rows.getString(3).startsWith("PostgreSQL 17"), rows.getString(3));
        }
    }
}
