package dev.paved.provisioning.deployments.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;
import dev.paved.local.EmbeddedDatabase;
import dev.paved.provisioning.deployments.config.PostgresResourcesConfig;
import dev.paved.testing.ConfigMappings;

/** Against a real PostgreSQL (embedded) that checks passwords of every role but the administrator. */
class PostgresDatabasesTest {

    private static EmbeddedDatabase server;
    private static PostgresDatabases databases;

    @BeforeAll
    static void start() throws IOException, SQLException {
        server = EmbeddedDatabase.start(null, 0);
        requirePasswords();
        databases = new PostgresDatabases(config(Map.of()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ensureCreatesADatabaseTheCredentialsLogInToAndCreateTablesIn() throws SQLException {
        PostgresDatabases.Credentials credentials = databases.ensure("shop_db", "shop_user", Optional.empty());

        assertEquals("localhost", credentials.host());
        assertEquals(server.port(), credentials.port());
        assertEquals("shop_db", credentials.database());
        assertEquals("shop_user", credentials.username());
        assertTrue(credentials.password().matches("[A-Za-z0-9_-]{32}"), "32 URL-safe characters");
        try (Connection connection = login(credentials); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            statement.execute("INSERT INTO orders VALUES (1)");
        }
        SQLException wrongPassword = assertThrows(SQLException.class, () -> login(withPassword(credentials, "wrong")));
        assertEquals("28P01", wrongPassword.getSQLState());
    }

    @Test
    void ensureAgainKeepsTheDatabaseItsDataAndTheKnownPassword() throws SQLException {
        PostgresDatabases.Credentials first = databases.ensure("cart_db", "cart_user", Optional.empty());
        storeItem(first, "kept");

        PostgresDatabases.Credentials again = databases.ensure("cart_db", "cart_user", Optional.of(first.password()));

        assertEquals(first.password(), again.password());
        assertEquals(List.of("kept"), names(again));
    }

    @Test
    void ensureWithoutTheKnownPasswordSetsANewOneAndKeepsTheData() throws SQLException {
        PostgresDatabases.Credentials first = databases.ensure("stock_db", "stock_user", Optional.empty());
        storeItem(first, "kept");

        PostgresDatabases.Credentials again = databases.ensure("stock_db", "stock_user", Optional.empty());

        assertNotEquals(first.password(), again.password());
        assertEquals(List.of("kept"), names(again));
        assertThrows(SQLException.class, () -> login(first));
    }

    @Test
    void otherRolesCannotConnectToTheDatabase() {
        PostgresDatabases.Credentials owner = databases.ensure("private_db", "private_user", Optional.empty());
        PostgresDatabases.Credentials other = databases.ensure("other_db", "other_user", Optional.empty());

        SQLException refused = assertThrows(SQLException.class, () -> login(new PostgresDatabases.Credentials(
                other.host(), other.port(), owner.database(), other.username(), other.password())));

        assertEquals("42501", refused.getSQLState());
    }

    @Test
    void dropRemovesTheDatabaseAndTheRoleEvenWhileConnected() throws SQLException {
        PostgresDatabases.Credentials credentials = databases.ensure("gone_db", "gone_user", Optional.empty());
        try (Connection open = login(credentials)) {
            databases.drop("gone_db", "gone_user");

            assertFalse(exists("SELECT 1 FROM pg_database WHERE datname = 'gone_db'"));
            assertFalse(exists("SELECT 1 FROM pg_roles WHERE rolname = 'gone_user'"));
        }
        databases.drop("gone_db", "gone_user");
    }

    @Test
    void dropKeepsBothWhenConfiguredToRetain() throws SQLException {
        PostgresDatabases.Credentials credentials = databases.ensure("kept_db", "kept_user", Optional.empty());

        new PostgresDatabases(config(Map.of("paved.provisioning.resources.postgres.retain", "true")))
                .drop("kept_db", "kept_user");

        login(credentials).close();
    }

    @Test
    void invalidNamesAreRefusedBeforeAnythingIsDone() {
        for (String invalid : new String[] {"", "Shop", "1shop", "shop-db", "shop\"; DROP DATABASE paved; --",
                "a".repeat(64), null}) {
            ProblemException asDatabase = assertThrows(ProblemException.class,
                    () -> databases.ensure(invalid, "fine_user", Optional.empty()), invalid);
            ProblemException asRole = assertThrows(ProblemException.class,
                    () -> databases.drop("fine_db", invalid), invalid);

            assertEquals(422, asDatabase.status());
            assertEquals("INVALID_POSTGRES_NAME", asDatabase.code());
            assertEquals("INVALID_POSTGRES_NAME", asRole.code());
        }
    }

    @Test
    void databasesAndRolesPavedDidNotCreateAreNotTakenOver() throws SQLException {
        ProblemException database = assertThrows(ProblemException.class,
                () -> databases.ensure(EmbeddedDatabase.DATABASE, "intruder", Optional.empty()));
        ProblemException role = assertThrows(ProblemException.class,
                () -> databases.ensure("intruder_db", "postgres", Optional.empty()));
        ProblemException dropped = assertThrows(ProblemException.class,
                () -> databases.drop(EmbeddedDatabase.DATABASE, "intruder"));

        assertEquals(409, database.status());
        assertEquals("POSTGRES_NAME_TAKEN", database.code());
        assertEquals("POSTGRES_NAME_TAKEN", role.code());
        assertEquals("POSTGRES_NAME_TAKEN", dropped.code());
        assertTrue(exists("SELECT 1 FROM pg_database WHERE datname = '" + EmbeddedDatabase.DATABASE + "'"));
        assertFalse(exists("SELECT 1 FROM pg_roles WHERE rolname = 'intruder'"), "no role made for a refused database");
    }

    @Test
    void withoutAConfiguredServerTheResourceTypeIsUnavailable() {
        PostgresDatabases unconfigured = new PostgresDatabases(
                ConfigMappings.of(PostgresResourcesConfig.class, Map.of()));

        ProblemException problem = assertThrows(ProblemException.class,
                () -> unconfigured.ensure("shop_db", "shop_user", Optional.empty()));

        assertEquals(422, problem.status());
        assertEquals("RESOURCE_TYPE_UNAVAILABLE", problem.code());
        assertEquals("no PostgreSQL server is configured for the postgres resource type", problem.getMessage());
    }

    @Test
    void anUnreachableServerIsUnavailableNotAnError() {
        PostgresDatabases unreachable = new PostgresDatabases(ConfigMappings.of(PostgresResourcesConfig.class,
                Map.of("paved.provisioning.resources.postgres.jdbc-url", "jdbc:postgresql://127.0.0.1:1/postgres")));

        ProblemException problem = assertThrows(ProblemException.class,
                () -> unreachable.ensure("shop_db", "shop_user", Optional.empty()));

        assertEquals(503, problem.status());
        assertEquals("POSTGRES_UNAVAILABLE", problem.code());
    }

    @Test
    void podsReachTheServerWhereConfigured() {
        PostgresDatabases.Credentials credentials = new PostgresDatabases(config(Map.of(
                "paved.provisioning.resources.postgres.host", "postgres.paved-system.svc",
                "paved.provisioning.resources.postgres.port", "6432")))
                .ensure("pods_db", "pods_user", Optional.empty());

        assertEquals("postgres.paved-system.svc", credentials.host());
        assertEquals(6432, credentials.port());
    }

    @Test
    void credentialsDoNotPrintTheirPassword() {
        var credentials = new PostgresDatabases.Credentials("db", 5432, "shop_db", "shop_user", "s3cret-value");

        assertFalse(credentials.toString().contains("s3cret-value"), credentials.toString());
    }

    private static PostgresResourcesConfig config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(overrides);
        properties.put("paved.provisioning.resources.postgres.jdbc-url", server.jdbcUrl());
        properties.put("paved.provisioning.resources.postgres.username", server.username());
        return ConfigMappings.of(PostgresResourcesConfig.class, properties);
    }

    /**
     * The embedded server trusts everyone; the administrator keeps that, every other role must give its
     * password (SCRAM), so the tests see whether a password really works.
     */
    private static void requirePasswords() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            String hbaFile;
            try (ResultSet row = statement.executeQuery("SHOW hba_file")) {
                row.next();
                hbaFile = row.getString(1);
            }
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER SYSTEM SET password_encryption = 'scram-sha-256'");
            try (PreparedStatement write = admin.prepareStatement("SELECT format($$COPY (VALUES"
                    + " ('local all all trust'), ('host all postgres 127.0.0.1/32 trust'), ('host all postgres ::1/128 trust'),"
                    + " ('host all all 127.0.0.1/32 scram-sha-256'), ('host all all ::1/128 scram-sha-256')) TO %L$$, ?::text)")) {
                write.setString(1, hbaFile);
                try (ResultSet row = write.executeQuery()) {
                    row.next();
                    statement.execute(row.getString(1));
                }
            }
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static Connection login(PostgresDatabases.Credentials credentials) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + credentials.host() + ":" + credentials.port() + "/"
                + credentials.database(), credentials.username(), credentials.password());
    }

    private static PostgresDatabases.Credentials withPassword(PostgresDatabases.Credentials credentials, String password) {
        return new PostgresDatabases.Credentials(credentials.host(), credentials.port(), credentials.database(),
                credentials.username(), password);
    }

    private static void storeItem(PostgresDatabases.Credentials credentials, String name) throws SQLException {
        try (Connection connection = login(credentials); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (name text)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO items VALUES (?)")) {
                insert.setString(1, name);
                insert.executeUpdate();
            }
        }
    }

    private static List<String> names(PostgresDatabases.Credentials credentials) throws SQLException {
        try (Connection connection = login(credentials); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM items")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    private static boolean exists(String query) throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement();
                ResultSet row = statement.executeQuery(query)) {
            return row.next();
        }
    }
}
