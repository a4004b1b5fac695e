package dev.paved.provisioning.deployments.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "revision")
@IdClass(RevisionEntity.Key.class)
@NamedQuery(name = RevisionEntity.FOOTPRINT_OF_OTHERS, query = """
        select coalesce(sum(r.cpuMillis), 0), coalesce(sum(r.memoryBytes), 0)
        from RevisionEntity r, WorkloadEntity w
        where w.id = r.workloadId and r.number = w.currentRevision and w.environmentId = :environment
            and w.name <> :workload and w.state <> 'DELETED'
        """)
public class RevisionEntity extends PanacheEntityBase {

    /**
     * The CPU and memory of the current revisions of an environment's live workloads but one. Named, so
     * that Hibernate parses it once at start: as a string it was parsed by every request of the first
     * burst of deployments after a start, all at once before the first had cached it (ANTLR building its
     * prediction tables for this aggregate: an eighth of the request threads' samples of a profile of the
     * deployment benchmark, all in its first warm-up round).
     */
    static final String FOOTPRINT_OF_OTHERS = "RevisionEntity.footprintOfOthers";

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
