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

    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, name);
    }

    public static List<ManagedObjectEntity> ofEnvironment(UUID environmentId) {
        return list("environmentId = ?1 order by position", environmentId);
    }

    public record Key(UUID environmentId, String kind, String namespace, String name) implements Serializable {

        public Key() {
            this(null, null, null, null);
        }
    }
}
