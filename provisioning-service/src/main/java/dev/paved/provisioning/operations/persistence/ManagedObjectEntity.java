package dev.paved.provisioning.operations.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.operations.domain.ManagedObject;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An object Paved applies for an environment: recorded before it is applied, confirmed after. */
@Entity
@Table(name = "managed_object")
@IdClass(ManagedObjectEntity.Key.class)
public class ManagedObjectEntity extends PanacheEntityBase {

    @Id
    public UUID environmentId;
    @Id
    public String kind;
    @Id
    public String namespace;
    @Id
    public String name;
    public int position;
    public String apiVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public String manifest;
    public String uid;
    /** Null until the cluster accepted the object. */
    public Instant appliedAt;
    /** The workload it was applied for; null for the environment's baseline. */
    public String workload;

    ManagedObject toManagedObject() {
        return new ManagedObject(environmentId, ref(), position, manifest, uid, appliedAt, workload);
    }

    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, name);
    }

    /** The environment's baseline objects, in the order they were applied. */
    public static List<ManagedObjectEntity> ofEnvironment(UUID environmentId) {
        return list("environmentId = ?1 and workload is null order by position", environmentId);
    }

    /** What Paved applied for the environment's workloads. */
    public static List<ManagedObjectEntity> ofWorkloads(UUID environmentId) {
        return list("environmentId = ?1 and workload is not null order by workload, position", environmentId);
    }

    public static List<ManagedObjectEntity> ofWorkload(UUID environmentId, String workload) {
        return list("environmentId = ?1 and workload = ?2 order by position", environmentId, workload);
    }

    public record Key(UUID environmentId, String kind, String namespace, String name) implements Serializable {

        public Key() {
            this(null, null, null, null);
        }
    }
}
