package dev.paved.provisioning.deployments.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The PostgreSQL server behind the {@code postgres} resource type: Paved connects as an administrator
 * to create a database and a role per resource, and workloads reach it at {@link #host()} and
 * {@link #port()}. Without {@link #jdbcUrl()} the resource type is unavailable.
 */
@ConfigMapping(prefix = "paved.provisioning.resources.postgres")
public interface PostgresResourcesConfig {

    /** The administrator's connection, e.g. {@code jdbc:postgresql://db.internal:5432/postgres}. */
    Optional<String> jdbcUrl();

    /** A role allowed to create roles and databases. */
    @WithDefault("postgres")
    String username();

    Optional<String> password();

    /** The server's host as pods see it; the JDBC URL's host when absent. */
    Optional<String> host();

    /** The server's port as pods see it; the JDBC URL's port when absent. */
    Optional<Integer> port();

    /** Keep a resource's database and role when the resource or its workload is removed. */
    @WithDefault("false")
    boolean retain();
}
