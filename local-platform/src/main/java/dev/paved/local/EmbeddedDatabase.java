package dev.paved.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started from the binaries on the classpath, for local runs and tests.
 * Its data lives in a directory that survives restarts, or in a temporary one that does not.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "paved";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * A null data directory means a temporary one; port 0 picks a free port. The server stops when the
     * JVM exits, if it was not closed before.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, true);
    }

    /**
     * For an owner that stops the server itself, after what uses it: a shutdown hook of its own would
     * stop it while the owner's services were still finishing their work.
     */
    public static EmbeddedDatabase startOwned(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, false);
    }

    private static EmbeddedDatabase start(Path dataDirectory, int port, boolean stopAtJvmExit) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(stopAtJvmExit)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
        if (port != 0) {
            builder.setPort(port);
        }
        if (dataDirectory != null) {
            Files.createDirectories(dataDirectory);
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
        database.createDatabaseIfMissing();
        return database;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet existing = statement
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (existing.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("cannot create the database " + DATABASE, e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
