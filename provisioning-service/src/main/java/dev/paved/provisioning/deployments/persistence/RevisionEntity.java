package dev.paved.provisioning.deployments.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "revision")
@IdClass(RevisionEntity.Key.class)
public class RevisionEntity extends PanacheEntityBase {

    @Id
    public UUID workloadId;
    @Id
    public long number;
    @JdbcTypeCode(SqlTypes.JSON)
    public String spec;
    @JdbcTypeCode(SqlTypes.JSON)
    public String manifests;
    public String manifestsDigest;
    public String goldenPath;
    public String goldenPathVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public String images;
    @JdbcTypeCode(SqlTypes.JSON)
    public String provisioned;
    public long cpuMillis;
    public long memoryBytes;
    public String createdBy;
    public Instant createdAt;
    public String version;
    public String commitSha;
    public Instant commitTime;
    public String rolloutState;
    public String rolloutMessage;
    public Instant rolloutUpdatedAt;
    public Instant rolloutEndedAt;
    public int desiredReplicas;
    public int updatedReplicas;
    public int readyReplicas;
    public int availableReplicas;
    public UUID operationId;
    public Long rolledBackTo;
    public String promotedFrom;

    public record Key(UUID workloadId, long number) implements Serializable {

        public Key() {
            this(null, 0);
        }
    }
}
