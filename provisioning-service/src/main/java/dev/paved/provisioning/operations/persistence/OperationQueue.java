package dev.paved.provisioning.operations.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * The operations that still have work to do, and the claims on them. A worker claims an operation by
 * locking its queue row ({@code FOR UPDATE SKIP LOCKED}) in a transaction of its own that it keeps
 * open while it works: the row lock is the claim. No two workers, on any replica, can hold it at
 * once, and it is released the moment the worker finishes, backs off or dies (PostgreSQL ends the
 * transaction of a lost connection), so a crashed worker's operation is simply claimed again.
 */
@ApplicationScoped
public class OperationQueue {

    private static final String CLAIM_NEXT = "SELECT operation_id FROM provisioning.operation_queue"
            + " WHERE not_before <= now() ORDER BY not_before LIMIT 1 FOR UPDATE SKIP LOCKED";

    private final DataSource dataSource;

    public OperationQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Within the caller's transaction: the operation is due at {@code notBefore}. */
    public void enqueue(UUID operationId, Instant notBefore) {
        Panache.getEntityManager()
                .createNativeQuery("INSERT INTO provisioning.operation_queue (operation_id, not_before) VALUES (?1, ?2)")
                .setParameter(1, operationId)
                .setParameter(2, notBefore)
                .executeUpdate();
    }

    /**
     * Within the caller's transaction: takes the operation off the queue if no worker holds it, and
     * keeps it locked until that transaction ends. False when a worker is working on it.
     */
    public boolean dequeueIfUnclaimed(UUID operationId) {
        var locked = Panache.getEntityManager()
                .createNativeQuery("SELECT operation_id FROM provisioning.operation_queue WHERE operation_id = ?1"
                        + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, operationId)
                .getResultList();
        if (locked.isEmpty()) {
            return false;
        }
        Panache.getEntityManager()
                .createNativeQuery("DELETE FROM provisioning.operation_queue WHERE operation_id = ?1")
                .setParameter(1, operationId)
                .executeUpdate();
        return true;
    }

    /** The next due operation, claimed until the returned claim is completed, postponed or closed. */
    public Optional<Claim> claimNext() {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(CLAIM_NEXT);
                    ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return Optional.of(new Claim(connection, row.getObject(1, UUID.class)));
                }
            }
            connection.rollback();
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot claim an operation", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it, and PostgreSQL has ended its transaction.
        }
    }

    /** A worker's hold on one operation. Closing it without completing or postponing releases it as is. */
    public static final class Claim implements AutoCloseable {

        private final Connection connection;
        private final UUID operationId;
        private boolean open = true;

        Claim(Connection connection, UUID operationId) {
            this.connection = connection;
            this.operationId = operationId;
        }

        public UUID operationId() {
            return operationId;
        }

        /** The operation has no more work: it leaves the queue. */
        public void complete() {
            end("DELETE FROM provisioning.operation_queue WHERE operation_id = ?", null);
        }

        /** The operation waits (backoff) and becomes due again at {@code notBefore}, for any worker. */
        public void postpone(Instant notBefore) {
            end("UPDATE provisioning.operation_queue SET not_before = ? WHERE operation_id = ?", notBefore);
        }

        private void end(String sql, Instant notBefore) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                if (notBefore != null) {
                    statement.setTimestamp(index++, Timestamp.from(notBefore));
                }
                statement.setObject(index, operationId);
                statement.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot update the claim on operation " + operationId, e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                closeQuietly(connection);
            }
        }
    }
}
