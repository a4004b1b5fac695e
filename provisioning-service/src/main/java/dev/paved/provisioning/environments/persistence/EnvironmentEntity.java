package dev.paved.provisioning.environments.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.paved.provisioning.environments.domain.Environment;
import dev.paved.provisioning.environments.domain.EnvironmentState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "environment")
public class EnvironmentEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String team;
    public String application;
    public String stage;
    public String tier;
    public String cluster;
    public String namespace;
    @Enumerated(EnumType.STRING)
    public EnvironmentState state;
    @Version
    public long version;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant lastReconciledAt;
    public UUID lastOperationId;

    static EnvironmentEntity of(Environment environment) {
        EnvironmentEntity entity = new EnvironmentEntity();
        entity.id = environment.id();
        entity.name = environment.name();
        entity.team = environment.team();
        entity.application = environment.application();
        entity.stage = environment.stage();
        entity.tier = environment.tier();
        entity.cluster = environment.cluster();
        entity.namespace = environment.namespace();
        entity.state = environment.state();
        entity.createdBy = environment.createdBy();
        entity.createdAt = environment.createdAt();
        entity.updatedAt = environment.updatedAt();
        entity.lastReconciledAt = environment.lastReconciledAt();
        entity.lastOperationId = environment.lastOperationId();
        return entity;
    }

    Environment toEnvironment() {
        return new Environment(id, name, team, application, stage, tier, cluster, namespace, state, version, createdBy,
                createdAt, updatedAt, lastReconciledAt, lastOperationId);
    }
}
