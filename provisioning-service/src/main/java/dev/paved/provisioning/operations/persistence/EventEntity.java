package dev.paved.provisioning.operations.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.paved.provisioning.operations.domain.OperationEvent;
import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.StepState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One change of an operation or of one of its steps. Only the holder of the operation's claim (or
 * the request that creates it) writes them, so an operation's events commit in sequence order and a
 * reader that asks for those after the last one it saw misses none.
 */
@Entity
@Table(name = "operation_event")
public class EventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long sequence;
    public UUID operationId;
    public Instant at;
    @Enumerated(EnumType.STRING)
    public OperationEvent.Type type;
    @Enumerated(EnumType.STRING)
    public OperationState operationState;
    public String step;
    @Enumerated(EnumType.STRING)
    public StepState stepState;
    public String message;

    /** Appends an event; a plain INSERT, since the writer never reads the event back. */
    public static void record(UUID operationId, OperationEvent.Type type, OperationState operationState, String step,
            StepState stepState, String message) {
        getEntityManager().createNativeQuery("""
                INSERT INTO provisioning.operation_event
                    (operation_id, at, type, operation_state, step, step_state, message)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
                .setParameter(1, operationId)
                .setParameter(2, Instant.now())
                .setParameter(3, type.name())
                .setParameter(4, operationState.name())
                .setParameter(5, step)
                .setParameter(6, stepState == null ? null : stepState.name())
                .setParameter(7, message)
                .executeUpdate();
    }

    public static List<OperationEvent> after(UUID operationId, long sequence) {
        return EventEntity.<EventEntity>list("operationId = ?1 and sequence > ?2 order by sequence", operationId,
                sequence).stream().map(EventEntity::toEvent).toList();
    }

    OperationEvent toEvent() {
        return new OperationEvent(sequence, operationId, at, type, operationState, step, stepState, message);
    }
}
