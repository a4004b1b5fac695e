package dev.paved.provisioning.deployments.resources;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.postgresql.Driver;

import dev.paved.common.problem.ProblemException;
import dev.paved.provisioning.deployments.config.PostgresResourcesConfig;

/**
 * The {@code postgres} resource type's provisioner: a database and a role owning it on the configured
 * PostgreSQL server, reached with an administrator's connection of its own rather than the service's
 * datasource. Every step checks what exists first, so a provisioning interrupted by a crash is
 * finished by running it again. Databases and roles Paved did not create for a resource are never
 * taken over nor dropped: a database must be owned by the resource's role, and the role must hold no
 * privilege beyond LOGIN.
 */
@ApplicationScoped
public class PostgresDatabases {

    private static final Logger LOG = Logger.getLogger(PostgresDatabases.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final int PASSWORD_BYTES = 24;
    private static final String CONNECT_TIMEOUT_SECONDS = "5";
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

    private final PostgresResourcesConfig config;
    private final SecureRandom random = new SecureRandom();

    public PostgresDatabases(PostgresResourcesConfig config) {
        this.config = config;
    }

    /** What a workload needs to connect. The password stays out of {@link #toString()}, and so out of logs. */
    public record Credentials(String host, int port, String database, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    /**
     * Creates {@code role} (LOGIN) and {@code database} owned by it where missing. An existing role keeps
     * {@code knownPassword} when one is given, the one the caller stored; otherwise it gets a new
     * generated password, since a password cannot be read back.
     */
    public Credentials ensure(String database, String role, Optional<String> knownPassword) {
        requireIdentifier("database", database);
        requireIdentifier("role", role);
        String url = configuredUrl();
        try (Connection admin = connect(url)) {
            // A database of that name owned by anyone else stops everything, before a role is made.
            boolean databaseExists = databaseOwner(admin, database, role).isPresent();
            String password = ensureRole(admin, role, knownPassword);
            if (!databaseExists) {
                createDatabase(admin, database, role);
            }
            return new Credentials(podHost(url), podPort(url), database, role, password);
        } catch (SQLException e) {
            throw failed("provision database " + database, e);
        }
    }

    /**
     * Drops {@code database}, after ending its connections, and {@code role}, where they exist; with
     * {@code retain} configured, keeps both.
     */
    public void drop(String database, String role) {
        requireIdentifier("database", database);
        requireIdentifier("role", role);
        if (config.retain()) {
            LOG.infof("Keeping database %s and role %s of a removed postgres resource:"
                    + " paved.provisioning.resources.postgres.retain is on", database, role);
            return;
        }
        try (Connection admin = connect(configuredUrl())) {
            boolean roleExists = resourceRole(admin, role);
            if (roleExists) {
                // No new sessions while the database's are ended.
                execute(admin, "ALTER ROLE %I NOLOGIN", role);
            }
            if (databaseOwner(admin, database, role).isPresent()) {
                try (PreparedStatement terminate = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, database);
                    terminate.executeQuery().close();
                }
                execute(admin, "DROP DATABASE IF EXISTS %I", database);
                LOG.infof("Dropped database %s", database);
            }
            if (roleExists) {
                execute(admin, "DROP ROLE IF EXISTS %I", role);
                LOG.infof("Dropped role %s", role);
            }
        } catch (SQLException e) {
            if (DEPENDENT_OBJECTS_STILL_EXIST.equals(e.getSQLState())) {
                throw ProblemException.conflict("POSTGRES_ROLE_IN_USE", "role " + role
                        + " still owns objects or holds privileges outside its database: " + e.getMessage());
            }
            throw failed("drop database " + database, e);
        }
    }

    private String ensureRole(Connection admin, String role, Optional<String> knownPassword) throws SQLException {
        if (resourceRole(admin, role)) {
            if (knownPassword.isPresent()) {
                execute(admin, "ALTER ROLE %I LOGIN", role);
                return knownPassword.get();
            }
            String password = generatePassword();
            execute(admin, "ALTER ROLE %I LOGIN PASSWORD %L", role, password);
            return password;
        }
        String password = generatePassword();
        try {
            execute(admin, "CREATE ROLE %I LOGIN PASSWORD %L", role, password);
            LOG.infof("Created role %s", role);
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
            // Created meanwhile by another provisioning of the same resource, if it is a plain role:
            // this one's password wins.
            resourceRole(admin, role);
            execute(admin, "ALTER ROLE %I LOGIN PASSWORD %L", role, password);
        }
        return password;
    }

    private void createDatabase(Connection admin, String database, String role) throws SQLException {
        try {
            execute(admin, "CREATE DATABASE %I OWNER %I", database, role);
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
            // Created meanwhile by another provisioning; it must still be this role's.
            databaseOwner(admin, database, role);
            return;
        }
        // Other workloads' roles may not even connect to it.
        execute(admin, "REVOKE ALL ON DATABASE %I FROM PUBLIC", database);
        LOG.infof("Created database %s owned by %s", database, role);
    }

    /** Whether the role exists; refuses one with more than LOGIN, which no resource's role has. */
    private boolean resourceRole(Connection admin, String role) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT rolsuper OR rolcreaterole OR rolcreatedb"
                + " OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                if (row.getBoolean(1)) {
                    throw ProblemException.conflict("POSTGRES_NAME_TAKEN",
                            "role " + role + " exists with privileges no postgres resource's role has; it is not Paved's");
                }
                return true;
            }
        }
    }

    /** The database's owner, which must be {@code role}: another owner means the name is taken. */
    private Optional<String> databaseOwner(Connection admin, String database, String role) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String owner = row.getString(1);
                if (!owner.equals(role)) {
                    throw ProblemException.conflict("POSTGRES_NAME_TAKEN",
                            "database " + database + " exists and belongs to " + owner + ", not to role " + role);
                }
                return Optional.of(owner);
            }
        }
    }

    /**
     * Runs a statement the server itself writes with {@code format()}: {@code %I} quotes an identifier
     * and {@code %L} a literal, so neither names nor passwords are ever spliced in by hand.
     */
    private static void execute(Connection admin, String template, String... arguments) throws SQLException {
        String statement;
        try (PreparedStatement format = admin.prepareStatement("SELECT format(?, VARIADIC ?::text[])")) {
            format.setString(1, template);
            format.setArray(2, admin.createArrayOf("text", arguments));
            try (ResultSet row = format.executeQuery()) {
                row.next();
                statement = row.getString(1);
            }
        }
        try (Statement run = admin.createStatement()) {
            run.execute(statement);
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.username());
        config.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", CONNECT_TIMEOUT_SECONDS);
        return DriverManager.getConnection(url, properties);
    }

    private String configuredUrl() {
        return config.jdbcUrl().filter(url -> !url.isBlank()).orElseThrow(() -> ProblemException.invalid(
                "RESOURCE_TYPE_UNAVAILABLE", "no PostgreSQL server is configured for the postgres resource type",
                List.of()));
    }

    private String podHost(String url) {
        return config.host().orElseGet(() -> urlPart(url, "PGHOST"));
    }

    private int podPort(String url) {
        return config.port().orElseGet(() -> Integer.parseInt(urlPart(url, "PGPORT")));
    }

    /** The first host or port of the JDBC URL, as the driver reads it. */
    private static String urlPart(String url, String key) {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null || parsed.getProperty(key) == null) {
            throw new ProblemException(503, "POSTGRES_UNAVAILABLE", "the configured PostgreSQL URL names no server"
                    + " (paved.provisioning.resources.postgres.jdbc-url); set host and port explicitly");
        }
        return parsed.getProperty(key).split(",")[0];
    }

    private String generatePassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void requireIdentifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw ProblemException.invalid("INVALID_POSTGRES_NAME", "'" + name + "' is not a valid PostgreSQL "
                    + what + " name: a lower-case letter, then up to 62 lower-case letters, digits or underscores",
                    List.of());
        }
    }

    private static ProblemException failed(String what, SQLException e) {
        return new ProblemException(503, "POSTGRES_UNAVAILABLE",
                "could not " + what + " on the configured PostgreSQL server (SQLSTATE " + e.getSQLState() + "): "
                        + e.getMessage());
    }
}
