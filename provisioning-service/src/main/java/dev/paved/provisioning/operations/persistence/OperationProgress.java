package dev.paved.provisioning.operations.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.paved.common.problem.Problem;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.operations.domain.OperationEvent;
import dev.paved.provisioning.operations.domain.OperationLifecycle;
import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.OperationType;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;
import dev.paved.provisioning.operations.domain.StepState;

/**
 * A worker's record of its progress: each change commits on its own, before the worker goes on, so
 * that whoever claims the operation next (after a crash, or a backoff) starts where it stopped.
 * Going from one step to the next is a single statement in a transaction of its own: the database
 * work of a step is small, and what it costs is mostly round trips and transaction handling.
 */
@ApplicationScoped
public class OperationProgress {

    /** The operation, its environment's cluster and its steps not yet done, with the uids Paved knows. */
    private static final String READ_RUN = """
            SELECT o.state, o.cancel_requested, o.type, o.deadline, o.environment_id, e.cluster,
                s.position, s.name, s.action, s.api_version, s.kind, s.namespace, s.object_name, s.manifest, m.uid
            FROM provisioning.operation o
            LEFT JOIN provisioning.environment e ON e.id = o.environment_id
            LEFT JOIN provisioning.operation_step s ON s.operation_id = o.id AND s.state <> 'SUCCEEDED'
            LEFT JOIN provisioning.managed_object m ON m.environment_id = o.environment_id AND m.kind = s.kind
                AND m.namespace = s.namespace AND m.name = s.object_name
            WHERE o.id = ?
            ORDER BY s.position
            """;

    /**
     * One move of an operation, all of whose parts are optional: a pending operation starts running;
     * a step ends (its object confirmed, or forgotten when deleted; drift recorded); the next step
     * starts (its object recorded before it is applied, so that teardown knows of it even if the
     * worker dies in between), answering its attempt and whether a cancel was asked for. The events
     * go in one INSERT, in the order the changes happened.
     */
    private static final String MOVE = """
            WITH input AS (
                SELECT CAST(? AS uuid) AS operation_id, CAST(? AS uuid) AS environment_id,
                    CAST(? AS timestamptz) AS at,
                    CAST(? AS int) AS done_position, CAST(? AS text) AS done_step, CAST(? AS text) AS done_action,
                    CAST(? AS text) AS done_api_version, CAST(? AS text) AS done_kind,
                    CAST(? AS text) AS done_namespace, CAST(? AS text) AS done_name, CAST(? AS text) AS done_message,
                    CAST(? AS text) AS done_uid, CAST(? AS text) AS drift_kind, CAST(? AS text) AS drift_detail,
                    CAST(? AS boolean) AS drift_repaired,
                    CAST(? AS int) AS next_position, CAST(? AS text) AS next_step, CAST(? AS text) AS next_action,
                    CAST(? AS text) AS next_api_version, CAST(? AS text) AS next_kind,
                    CAST(? AS text) AS next_namespace, CAST(? AS text) AS next_name, CAST(? AS jsonb) AS next_manifest
            ), operation_started AS (
                UPDATE provisioning.operation o SET state = 'RUNNING', started_at = i.at
                FROM input i
                WHERE o.id = i.operation_id AND o.state = 'PENDING'
                RETURNING o.id
            ), step_succeeded AS (
                UPDATE provisioning.operation_step s SET state = 'SUCCEEDED', finished_at = i.at, message = i.done_message
                FROM input i
                WHERE s.operation_id = i.operation_id AND s.position = i.done_position
            ), object_confirmed AS (
                UPDATE provisioning.managed_object m SET uid = i.done_uid, applied_at = i.at
                FROM input i
                WHERE i.done_action <> 'DELETE' AND i.done_uid IS NOT NULL AND m.environment_id = i.environment_id
                    AND m.kind = i.done_kind AND m.namespace = i.done_namespace AND m.name = i.done_name
            ), object_deleted AS (
                DELETE FROM provisioning.managed_object m
                USING input i
                WHERE i.done_action = 'DELETE' AND m.environment_id = i.environment_id
                    AND m.kind = i.done_kind AND m.namespace = i.done_namespace AND m.name = i.done_name
            ), drift_found AS (
                INSERT INTO provisioning.environment_drift
                    (environment_id, api_version, kind, namespace, name, drift_kind, detail, detected_at, repaired)
                SELECT environment_id, done_api_version, done_kind, done_namespace, done_name, drift_kind,
                    drift_detail, at, drift_repaired
                FROM input
                WHERE drift_kind IS NOT NULL
            ), step_started AS (
                UPDATE provisioning.operation_step s
                SET state = 'RUNNING', attempts = s.attempts + 1, started_at = coalesce(s.started_at, i.at),
                    next_attempt_at = NULL
                FROM input i, provisioning.operation o
                WHERE s.operation_id = i.operation_id AND s.position = i.next_position AND o.id = s.operation_id
                RETURNING s.attempts, o.cancel_requested
            ), object_recorded AS (
                INSERT INTO provisioning.managed_object
                    (environment_id, position, api_version, kind, namespace, name, manifest, workload)
                SELECT i.environment_id, i.next_position, i.next_api_version, i.next_kind, i.next_namespace,
                    i.next_name, i.next_manifest, o.workload
                FROM input i JOIN provisioning.operation o ON o.id = i.operation_id
                WHERE i.next_action = 'APPLY'
                ON CONFLICT (environment_id, kind, namespace, name)
                DO UPDATE SET manifest = excluded.manifest, position = excluded.position, workload = excluded.workload
            ), events AS (
                INSERT INTO provisioning.operation_event
                    (operation_id, at, type, operation_state, step, step_state, message)
                SELECT operation_id, at, type, 'RUNNING', step, step_state, message
                FROM (
                    SELECT 0 AS happened, i.operation_id, i.at, 'OPERATION' AS type, NULL AS step,
                        NULL AS step_state, 'Operation started.' AS message
                    FROM input i, operation_started
                    UNION ALL
                    SELECT 1, operation_id, at, 'STEP', done_step, 'SUCCEEDED', done_message
                    FROM input
                    WHERE done_position IS NOT NULL
                    UNION ALL
                    SELECT 2, i.operation_id, i.at, 'STEP', i.next_step, 'RUNNING', 'Attempt ' || s.attempts || '.'
                    FROM input i, step_started s
                ) changes
                ORDER BY happened
            )
            SELECT attempts, cancel_requested FROM step_started
            """;

    private final OperationLifecycle lifecycle;
    private final OperationEnds ends;
    private final DataSource dataSource;

    public OperationProgress(OperationLifecycle lifecycle, OperationEnds ends, DataSource dataSource) {
        this.lifecycle = lifecycle;
        this.ends = ends;
        this.dataSource = dataSource;
    }

    /**
     * What remains to do of an operation, the first remaining step already recorded as started
     * ({@code firstStart}, null when no step remains).
     */
    public record Run(UUID operationId, OperationType type, Instant deadline, List<StepRun> remainingSteps,
            StepStart firstStart) {
    }

    /** Whether the step may go ahead, and how many attempts it has had, this one included. */
    public record StepStart(int attempt, boolean cancelRequested) {
    }

    /** Called by the holder of the operation's claim, which no one else changes meanwhile but to ask for a cancel. */
    public Optional<Run> begin(UUID operationId) {
        try (Connection connection = autoCommitting()) {
            OperationState state = null;
            boolean cancelRequested = false;
            OperationType type = null;
            Instant deadline = null;
            List<StepRun> remaining = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement(READ_RUN)) {
                read.setObject(1, operationId);
                try (ResultSet row = read.executeQuery()) {
                    while (row.next()) {
                        state = OperationState.valueOf(row.getString(1));
                        cancelRequested = row.getBoolean(2);
                        type = OperationType.valueOf(row.getString(3));
                        deadline = row.getObject(4, OffsetDateTime.class).toInstant();
                        if (row.getObject(7) != null) {
                            remaining.add(new StepRun(operationId, row.getInt(7), row.getString(8),
                                    StepAction.valueOf(row.getString(9)), new ObjectRef(row.getString(10),
                                            row.getString(11), row.getString(12), row.getString(13)),
                                    row.getString(14), row.getObject(5, UUID.class), row.getString(6),
                                    row.getString(15)));
                        }
                    }
                }
            }
            if (state == null || state.isFinal()) {
                return Optional.empty();
            }
            if (cancelRequested) {
                end(connection, operationId, type, OperationState.CANCELLED, null);
                return Optional.empty();
            }
            StepStart firstStart = move(connection, operationId, null, null,
                    remaining.isEmpty() ? null : remaining.get(0));
            return Optional.of(new Run(operationId, type, deadline, remaining, firstStart));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot begin operation " + operationId, e);
        }
    }

    /** Records one step's success and the next step's start, both committed at once. */
    public StepStart stepSucceeded(StepRun run, StepOutcome outcome, StepRun next) {
        try (Connection connection = autoCommitting()) {
            return move(connection, run.operationId(), run, outcome, next);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record step " + run.name() + " of " + run.operationId(), e);
        }
    }

    /** Records the last step's success and, in the same transaction, the operation's. */
    public void lastStepSucceeded(StepRun run, StepOutcome outcome, OperationType type) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                move(connection, run.operationId(), run, outcome, null);
                end(connection, run.operationId(), type, OperationState.SUCCEEDED, null);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the end of operation " + run.operationId(), e);
        }
    }

    /** Ends the operation within the connection's transaction, as the domain says its end reads. */
    private void end(Connection connection, UUID operationId, OperationType type, OperationState state,
            Problem error) throws SQLException {
        ends.record(connection, lifecycle.end(operationId, type, state, error));
    }

    /** A connection of its own, each statement on it a transaction. */
    private Connection autoCommitting() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    /** Runs {@link #MOVE}; answers the start of {@code next}, or null when there is none. */
    private static StepStart move(Connection connection, UUID operationId, StepRun done, StepOutcome outcome,
            StepRun next) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MOVE)) {
            Parameters parameters = new Parameters(statement);
            parameters.set(operationId, Types.OTHER);
            parameters.set(done != null ? done.environmentId() : next != null ? next.environmentId() : null,
                    Types.OTHER);
            parameters.set(OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            StepOutcome.Drift drift = outcome == null ? null : outcome.drift();
            setStep(parameters, done);
            parameters.set(outcome == null ? null : outcome.message(), Types.VARCHAR);
            parameters.set(outcome == null ? null : outcome.uid(), Types.VARCHAR);
            parameters.set(drift == null ? null : drift.kind().name(), Types.VARCHAR);
            parameters.set(drift == null ? null : drift.detail(), Types.VARCHAR);
            parameters.set(drift == null ? null : drift.repaired(), Types.BOOLEAN);
            setStep(parameters, next);
            parameters.set(next == null ? null : next.manifest(), Types.VARCHAR);
            try (ResultSet started = statement.executeQuery()) {
                return started.next() ? new StepStart(started.getInt(1), started.getBoolean(2)) : null;
            }
        }
    }

    /** A step's position, name, action and object, as {@link #MOVE} takes them for the done and next step. */
    private static void setStep(Parameters parameters, StepRun step) throws SQLException {
        parameters.set(step == null ? null : step.position(), Types.INTEGER);
        parameters.set(step == null ? null : step.name(), Types.VARCHAR);
        parameters.set(step == null ? null : step.action().name(), Types.VARCHAR);
        parameters.set(step == null ? null : step.object().apiVersion(), Types.VARCHAR);
        parameters.set(step == null ? null : step.object().kind(), Types.VARCHAR);
        parameters.set(step == null ? null : step.object().namespace(), Types.VARCHAR);
        parameters.set(step == null ? null : step.object().name(), Types.VARCHAR);
    }

    @Transactional
    public void stepRetrying(StepRun run, String why, Instant nextAttempt) {
        StepEntity step = StepEntity.findById(new StepEntity.Key(run.operationId(), run.position()));
        step.message = why;
        step.nextAttemptAt = nextAttempt;
        EventEntity.record(run.operationId(), OperationEvent.Type.STEP_RETRY, OperationState.RUNNING, run.name(),
                StepState.RUNNING, why + " Next attempt at " + nextAttempt + ".");
    }

    /** A step waits for something to happen; its message changes (with an event) only when what it waits for does. */
    @Transactional
    public void stepWaiting(StepRun run, String why, Instant nextLook) {
        StepEntity step = StepEntity.findById(new StepEntity.Key(run.operationId(), run.position()));
        step.nextAttemptAt = nextLook;
        if (!why.equals(step.message)) {
            step.message = why;
            EventEntity.record(run.operationId(), OperationEvent.Type.STEP, OperationState.RUNNING, run.name(),
                    StepState.RUNNING, why);
        }
    }

    public void finish(UUID operationId, OperationType type, OperationState state, Problem error) {
        try (Connection connection = autoCommitting()) {
            end(connection, operationId, type, state, error);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the end of operation " + operationId, e);
        }
    }

    /** Binds a statement's parameters in order. */
    private static final class Parameters {

        private final PreparedStatement statement;
        private int index;

        Parameters(PreparedStatement statement) {
            this.statement = statement;
        }

        void set(Object value, int sqlType) throws SQLException {
            index++;
            if (value == null) {
                statement.setNull(index, sqlType);
            } else {
                statement.setObject(index, value, sqlType);
            }
        }
    }
}
