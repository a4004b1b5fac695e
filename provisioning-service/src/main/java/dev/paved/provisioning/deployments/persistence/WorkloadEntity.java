package dev.paved.provisioning.deployments.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "workload")
public class WorkloadEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID environmentId;
    public String environmentName;
    public String name;
    public String team;
    public String application;
    public String stage;
    public String namespace;
    public String component;
    public String kind;
    public String goldenPath;
    public String goldenPathVersion;
    public long currentRevision;
    public long lastRevision;
    public String state;
    public Instant createdAt;
    public Instant updatedAt;
}
