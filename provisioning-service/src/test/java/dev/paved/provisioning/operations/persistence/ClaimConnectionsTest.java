package dev.paved.provisioning.operations.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The connections claims are held on: PostgreSQL gives up on one whose replica stopped answering
 * (the network to it died) within half a minute, so that its claims pass to another replica.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class ClaimConnectionsTest {

    @Inject
    DataSource dataSource;

    @Test
    void theServerEndsASessionWhosePeerStoppedAnsweringWithinHalfAMinute() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            int idle = seconds(statement, "tcp_keepalives_idle");
            int interval = seconds(statement, "tcp_keepalives_interval");
            int count = seconds(statement, "tcp_keepalives_count");
            assertTrue(idle > 0 && interval > 0 && count > 0, "keepalives probe the session");
            assertTrue(idle + interval * count <= 30, "a dead peer is noticed after " + (idle + interval * count) + " s");
        }
    }

    private static int seconds(Statement statement, String setting) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT setting FROM pg_settings WHERE name = '" + setting + "'")) {
            row.next();
            return Integer.parseInt(row.getString(1));
        }
    }
}
