package dev.paved.provisioning.operations.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.operations.domain.Step;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "operation_step")
@IdClass(StepEntity.Key.class)
public class StepEntity extends PanacheEntityBase {

    @Id
    public UUID operationId;
    @Id
    public int position;
    public String name;
    @Enumerated(EnumType.STRING)
    public StepAction action;
    public String apiVersion;
    public String kind;
    public String namespace;
    @Column(name = "object_name")
    public String objectName;
    /** The object to apply, fixed when the operation was requested, so a resumed step applies the same. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String manifest;
    @Enumerated(EnumType.STRING)
    public StepState state;
    public int attempts;
    public String message;
    public Instant startedAt;
    public Instant finishedAt;
    public Instant nextAttemptAt;

    static StepEntity of(Step planned) {
        StepEntity step = new StepEntity();
        step.operationId = planned.operationId();
        step.position = planned.position();
        step.name = planned.name();
        step.action = planned.action();
        step.apiVersion = planned.object().apiVersion();
        step.kind = planned.object().kind();
        step.namespace = planned.object().namespace();
        step.objectName = planned.object().name();
        step.manifest = planned.manifest();
        step.state = planned.state();
        step.attempts = planned.attempts();
        step.message = planned.message();
        step.startedAt = planned.startedAt();
        step.finishedAt = planned.finishedAt();
        step.nextAttemptAt = planned.nextAttemptAt();
        return step;
    }

    /** The steps of each of the operations, in order, read in one query; an operation without steps has none listed. */
    static Map<UUID, List<Step>> stepsOf(Collection<UUID> operationIds) {
        if (operationIds.isEmpty()) {
            return Map.of();
        }
        return StepEntity.<StepEntity>list("operationId in ?1 order by operationId, position", operationIds)
                .stream().map(StepEntity::toStep)
                .collect(Collectors.groupingBy(Step::operationId, Collectors.toUnmodifiableList()));
    }

    Step toStep() {
        return new Step(operationId, position, name, action, ref(), manifest, state, attempts, message, startedAt,
                finishedAt, nextAttemptAt);
    }

    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, objectName);
    }

    public record Key(UUID operationId, int position) implements Serializable {

        public Key() {
            this(null, 0);
        }
    }
}
