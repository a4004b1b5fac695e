package dev.paved.provisioning.operations.persistence;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.paved.provisioning.operations.domain.Operation;
import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.OperationType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "operation")
public class OperationEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public OperationType type;
    public UUID environmentId;
    public String environmentName;
    public String team;
    @Enumerated(EnumType.STRING)
    public OperationState state;
    public String requestedBy;
    /** The request's parameters that the operation needs when it finishes (e.g. the new tier). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String request;
    public String idempotencyKey;
    public String requestFingerprint;
    public boolean cancelRequested;
    /** The problem document (JSON) of a failed operation. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String error;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
    public Instant deadline;
    /** Set for operations on one workload of the environment, with the revision a deployment applies. */
    public String workload;
    public Long revision;

    static OperationEntity of(Operation operation) {
        OperationEntity entity = new OperationEntity();
        entity.id = operation.id();
        entity.type = operation.type();
        entity.environmentId = operation.environmentId();
        entity.environmentName = operation.environmentName();
        entity.team = operation.team();
        entity.state = operation.state();
        entity.requestedBy = operation.requestedBy();
        entity.request = operation.request();
        entity.idempotencyKey = operation.idempotencyKey();
        entity.requestFingerprint = operation.requestFingerprint();
        entity.cancelRequested = operation.cancelRequested();
        entity.error = operation.error();
        entity.createdAt = operation.createdAt();
        entity.startedAt = operation.startedAt();
        entity.finishedAt = operation.finishedAt();
        entity.deadline = operation.deadline();
        entity.workload = operation.workload();
        entity.revision = operation.revision();
        return entity;
    }

    Operation toOperation() {
        return new Operation(id, type, environmentId, environmentName, team, state, requestedBy, request,
                idempotencyKey, requestFingerprint, cancelRequested, error, createdAt, startedAt, finishedAt, deadline,
                workload, revision);
    }

    public static Optional<OperationEntity> findByIdempotencyKey(String requestedBy, String key) {
        return find("requestedBy = ?1 and idempotencyKey = ?2", requestedBy, key).firstResultOptional();
    }

    /**
     * Whether an operation on the environment itself is pending or running. The states are literals so
     * that PostgreSQL answers from the partial index of active operations rather than scanning them all.
     */
    public static boolean environmentWideActive(UUID environmentId) {
        return exists("""
                SELECT 1 FROM provisioning.operation
                WHERE environment_id = ?1 AND coalesce(workload, '') = '' AND state IN ('PENDING', 'RUNNING')
                LIMIT 1
                """, environmentId);
    }

    /** Whether any operation on the environment, its own or one of a workload, is pending or running. */
    public static boolean anyActive(UUID environmentId) {
        return exists("""
                SELECT 1 FROM provisioning.operation
                WHERE environment_id = ?1 AND state IN ('PENDING', 'RUNNING')
                LIMIT 1
                """, environmentId);
    }

    private static boolean exists(String sql, UUID environmentId) {
        return !getEntityManager().createNativeQuery(sql).setParameter(1, environmentId).getResultList().isEmpty();
    }
}
