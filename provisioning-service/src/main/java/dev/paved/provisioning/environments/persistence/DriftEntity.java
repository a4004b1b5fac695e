package dev.paved.provisioning.environments.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.environments.domain.Drift;
import dev.paved.provisioning.environments.domain.DriftKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "environment_drift")
public class DriftEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID environmentId;
    public String apiVersion;
    public String kind;
    public String namespace;
    public String name;
    @Enumerated(EnumType.STRING)
    public DriftKind driftKind;
    public String detail;
    public Instant detectedAt;
    public boolean repaired;

    public static DriftEntity of(UUID environmentId, ObjectRef object, DriftKind kind, String detail,
            boolean repaired) {
        DriftEntity drift = new DriftEntity();
        drift.environmentId = environmentId;
        drift.apiVersion = object.apiVersion();
        drift.kind = object.kind();
        drift.namespace = object.namespace();
        drift.name = object.name();
        drift.driftKind = kind;
        drift.detail = detail;
        drift.detectedAt = Instant.now();
        drift.repaired = repaired;
        return drift;
    }

    Drift toDrift() {
        return new Drift(ref(), driftKind, detail, detectedAt, repaired);
    }

    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, name);
    }
}
