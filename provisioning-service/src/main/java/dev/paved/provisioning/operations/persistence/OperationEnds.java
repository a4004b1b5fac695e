package dev.paved.provisioning.operations.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import dev.paved.provisioning.operations.domain.OperationEnd;

/**
 * Records the end of an operation in one statement: its state and error, the steps it leaves
 * undone, what its end does to the environment and the final event. It runs on the caller's
 * connection, so that it commits with whatever the caller did before (the last step's success).
 */
@ApplicationScoped
public class OperationEnds {

    /**
     * The step that was running when the operation failed fails with the operation's reason; every
     * other step not done is cancelled. The environment's version moves on whenever it changes, as
     * its etag must.
     */
    private static final String FINISH = """
            WITH input AS (
                SELECT CAST(? AS uuid) AS operation_id, CAST(? AS text) AS state, CAST(? AS jsonb) AS error,
                    CAST(? AS text) AS failure, CAST(? AS text) AS environment_outcome, CAST(? AS text) AS message,
                    CAST(? AS timestamptz) AS at
            ), operation_finished AS (
                UPDATE provisioning.operation o SET state = i.state, finished_at = i.at, error = i.error
                FROM input i
                WHERE o.id = i.operation_id
                RETURNING o.environment_id, o.request, o.type, o.workload, o.revision
            ), applied AS (
                -- A deployment's objects are all applied when no step but the wait for its rollout is left undone.
                SELECT NOT EXISTS (
                    SELECT 1 FROM provisioning.operation_step s, input i
                    WHERE s.operation_id = i.operation_id AND s.action <> 'AWAIT_ROLLOUT' AND s.state <> 'SUCCEEDED'
                ) AS all_applied
            ), workload_settled AS (
                UPDATE provisioning.workload w
                SET current_revision = CASE WHEN f.type = 'DEPLOY_WORKLOAD' AND a.all_applied THEN f.revision
                        ELSE w.current_revision END,
                    state = CASE
                        WHEN f.type = 'DELETE_WORKLOAD' AND i.state = 'SUCCEEDED' THEN 'DELETED'
                        WHEN f.type = 'DELETE_WORKLOAD' THEN 'DEPLOYED'
                        WHEN a.all_applied OR w.current_revision > 0 THEN 'DEPLOYED'
                        ELSE 'FAILED' END,
                    updated_at = i.at
                FROM input i, operation_finished f, applied a
                WHERE f.workload IS NOT NULL AND w.environment_id = f.environment_id AND w.name = f.workload
            ), revision_settled AS (
                UPDATE provisioning.revision r
                SET rollout_state = CASE
                        WHEN a.all_applied AND r.rollout_state = 'PENDING' THEN 'PROGRESSING'
                        WHEN NOT a.all_applied AND r.rollout_state IN ('PENDING', 'PROGRESSING') THEN 'FAILED'
                        ELSE r.rollout_state END,
                    rollout_message = CASE
                        WHEN a.all_applied AND r.rollout_state = 'PENDING' THEN 'Applied; waiting for the rollout.'
                        WHEN NOT a.all_applied AND r.rollout_state IN ('PENDING', 'PROGRESSING')
                            THEN 'Not applied: ' || coalesce(i.failure, i.message)
                        ELSE r.rollout_message END,
                    rollout_ended_at = CASE WHEN NOT a.all_applied AND r.rollout_state IN ('PENDING', 'PROGRESSING')
                        THEN i.at ELSE r.rollout_ended_at END,
                    rollout_updated_at = i.at
                FROM input i, operation_finished f, applied a, provisioning.workload w
                WHERE f.type = 'DEPLOY_WORKLOAD' AND w.environment_id = f.environment_id AND w.name = f.workload
                    AND r.workload_id = w.id AND r.number = f.revision
            ), revisions_superseded AS (
                UPDATE provisioning.revision r
                SET rollout_state = 'SUPERSEDED', rollout_message = 'Revision ' || f.revision || ' was deployed.',
                    rollout_updated_at = i.at, rollout_ended_at = i.at
                FROM input i, operation_finished f, applied a, provisioning.workload w
                WHERE f.type = 'DEPLOY_WORKLOAD' AND a.all_applied AND w.environment_id = f.environment_id
                    AND w.name = f.workload AND r.workload_id = w.id AND r.number < f.revision
                    AND r.rollout_state IN ('PENDING', 'PROGRESSING')
            ), steps_left AS (
                UPDATE provisioning.operation_step s
                SET state = CASE WHEN s.state = 'RUNNING' AND i.state = 'FAILED' THEN 'FAILED' ELSE 'CANCELLED' END,
                    message = CASE WHEN s.state = 'RUNNING' AND i.state = 'FAILED' AND i.failure IS NOT NULL
                        THEN i.failure ELSE s.message END,
                    finished_at = i.at, next_attempt_at = NULL
                FROM input i
                WHERE s.operation_id = i.operation_id AND s.state IN ('PENDING', 'RUNNING')
            ), environment_settled AS (
                UPDATE provisioning.environment e
                SET state = CASE WHEN i.environment_outcome = 'FAILED' THEN 'FAILED' ELSE 'READY' END,
                    tier = CASE WHEN i.environment_outcome = 'READY_AT_NEW_TIER' THEN f.request ->> 'tier'
                        ELSE e.tier END,
                    last_reconciled_at = CASE WHEN i.environment_outcome = 'READY_RECONCILED' THEN i.at
                        ELSE e.last_reconciled_at END,
                    updated_at = i.at, version = e.version + 1
                FROM input i, operation_finished f
                WHERE e.id = f.environment_id
                    AND i.environment_outcome IN ('FAILED', 'READY', 'READY_AT_NEW_TIER', 'READY_RECONCILED')
            ), environment_deleted AS (
                DELETE FROM provisioning.environment e
                USING input i, operation_finished f
                WHERE e.id = f.environment_id AND i.environment_outcome = 'DELETED'
            )
            INSERT INTO provisioning.operation_event (operation_id, at, type, operation_state, message)
            SELECT operation_id, at, 'OPERATION', state, message FROM input
            """;

    /**
     * The operation's workload, locked before the operation's row changes: a deployment locks the
     * workload, then inserts its operation, which waits for this transaction when the operation it
     * ends is that workload's active one. Ending in the other order (the operation, then the
     * workload) was a deadlock with it.
     */
    private static final String LOCK_WORKLOAD = """
            SELECT 1 FROM provisioning.workload w
            JOIN provisioning.operation o ON w.environment_id = o.environment_id AND w.name = o.workload
            WHERE o.id = ?
            FOR NO KEY UPDATE OF w
            """;

    /** Within the connection's transaction, or in one of its own on an auto-committing connection. */
    void record(Connection connection, OperationEnd end) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            finish(connection, end);
            return;
        }
        connection.setAutoCommit(false);
        try {
            finish(connection, end);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void finish(Connection connection, OperationEnd end) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_WORKLOAD)) {
            lock.setObject(1, end.operationId(), Types.OTHER);
            lock.executeQuery().close();
        }
        try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
            statement.setObject(1, end.operationId(), Types.OTHER);
            statement.setString(2, end.state().name());
            statement.setString(3, end.error());
            statement.setString(4, end.failure());
            statement.setString(5, end.environmentOutcome().name());
            statement.setString(6, end.message());
            statement.setObject(7, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            statement.executeUpdate();
        }
    }

    /**
     * Within the current transaction, on its session's connection. The session is flushed first, so
     * that the statement sees what the caller changed; the end is written past the session, so
     * {@code operation} is refreshed to show it.
     */
    public void recordInSession(OperationEntity operation, OperationEnd end) {
        EntityManager entityManager = OperationEntity.getEntityManager();
        entityManager.flush();
        entityManager.unwrap(Session.class).doWork(connection -> record(connection, end));
        entityManager.refresh(operation);
    }
}
