package dev.paved.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.paved.local.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real PostgreSQL for @QuarkusTest, started once per test JVM on a free port with temporary data. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;

    @Override
    public synchronized Map<String, String> start() {
        if (database == null) {
            try {
                database = EmbeddedDatabase.start(null, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    database.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the temporary data directory goes with it.
                }
            }));
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by the shutdown hook.
    }
}
