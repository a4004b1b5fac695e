package dev.paved.catalog.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.catalog.domain.BodyFormat;
import dev.paved.catalog.domain.CatalogWriter;
import dev.paved.common.security.Caller;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A write transaction plans each statement for its arguments and the tables as they are: a generic
 * plan for the bulk lookups, made while the catalog held a few entities, scanned the whole table for
 * every lookup once it had grown. Reads keep PostgreSQL's plan cache, since planning a read by ref
 * again each time costs more than running it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class BulkLookupPlanTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityStore store;

    @Inject
    CatalogWriter writer;

    @Test
    void aWriteTransactionPlansEachStatementForItsOwnArguments() {
        String mode = QuarkusTransaction.requiringNew().call(() -> {
            store.lockForWrite();
            return planCacheMode();
        });
        assertEquals("force_custom_plan", mode);
    }

    @Test
    void aDryRunIngestPlansEachStatementForItsOwnArgumentsWithoutTakingTheWritersLock() {
        Caller admin = new Caller("plan-probe", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());
        String component = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                + "\"metadata\":{\"name\":\"plan-probe\"},\"spec\":{\"type\":\"service\","
                + "\"lifecycle\":\"production\",\"owner\":\"group:default/plan-probe\"}}";
        String mode = QuarkusTransaction.requiringNew().call(() -> {
            writer.ingest(admin, component, BodyFormat.JSON, true, null);
            return planCacheMode();
        });
        assertEquals("force_custom_plan", mode);
    }

    @Test
    void readsKeepTheGenericPlansOfThePlanCacheAfterAWrite() throws SQLException {
        QuarkusTransaction.requiringNew().run(store::lockForWrite);
        for (int i = 0; i < 20; i++) {
            assertEquals("auto", planCacheMode());
        }
    }

    @Test
    void aReadByRefIsServedFromTheCachedGenericPlanOnceWarm() throws SQLException {
        long genericPlans = QuarkusTransaction.requiringNew().call(() -> {
            for (int i = 0; i < 10; i++) {
                store.findByRefKeys(List.of("component:default/plan-cache-probe"));
            }
            return genericPlansOfReadsByRef();
        });
        assertTrue(genericPlans > 0, "a read by ref was planned again on every execution");
    }

    /** Generic plans PostgreSQL used for this session's prepared reads of one entity by ref. */
    private long genericPlansOfReadsByRef() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                ResultSet plans = sql.executeQuery("select coalesce(sum(generic_plans), 0) from pg_prepared_statements "
                        + "where statement like '%from catalog.entities e join catalog.renderings r on r.id = e.id "
                        + "where e.ref_key = $1'")) {
            plans.next();
            return plans.getLong(1);
        }
    }

    private String planCacheMode() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                ResultSet mode = sql.executeQuery("show plan_cache_mode")) {
            mode.next();
            return mode.getString(1);
        }
    }
}
