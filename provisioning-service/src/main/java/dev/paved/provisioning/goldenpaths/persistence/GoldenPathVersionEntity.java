package dev.paved.provisioning.goldenpaths.persistence;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A stored golden path version, read through Hibernate. Versions are written only by
 * {@link GoldenPathStore}'s SQL (insert-if-missing, deprecation), never by persisting this entity.
 */
@Entity
@Table(name = "golden_path_version")
@IdClass(GoldenPathVersionEntity.Key.class)
public class GoldenPathVersionEntity extends PanacheEntityBase {

    @Id
    public String name;
    @Id
    public String version;
    public int major;
    public int minor;
    public int patch;
    public String description;
    /** json, read as the text it was stored with. */
    public String parametersSchema;
    public String template;
    public String workloadKind;
    public boolean deprecated;
    public boolean builtIn;
    public String createdBy;
    public Instant createdAt;

    GoldenPathVersion toDomain() {
        return new GoldenPathVersion(name, version, description, parametersSchema, template, workloadKind,
                deprecated, builtIn, createdBy, createdAt);
    }

    public record Key(String name, String version) implements Serializable {

        public Key() {
            this(null, null);
        }
    }
}
