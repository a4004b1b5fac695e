package dev.paved.provisioning.environments.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

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

    public static Optional<EnvironmentEntity> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** The environments a new one would clash with, found in one query: by its name, or by what it is for. */
    public static List<EnvironmentEntity> findByNameOrTeamApplicationStage(String name, String team,
            String application, String stage) {
        return list("name = ?1 or (team = ?2 and application = ?3 and stage = ?4)", name, team, application, stage);
    }

    public String etag() {
        return Long.toString(version);
    }

    public List<DriftEntity> recentDrift(int limit) {
        return DriftEntity.find("environmentId = ?1 order by id desc", id).page(0, limit).list();
    }
}
