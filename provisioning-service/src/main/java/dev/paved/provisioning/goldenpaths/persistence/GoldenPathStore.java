package dev.paved.provisioning.goldenpaths.persistence;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import dev.paved.provisioning.goldenpaths.domain.SemanticVersion;

/** Golden path versions in PostgreSQL, newest first within a golden path (by version number). */
@ApplicationScoped
public class GoldenPathStore {

    private static final String NEWEST_FIRST = "order by name, major desc, minor desc, patch desc";

    private final EntityManager entityManager;

    public GoldenPathStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public List<GoldenPathVersion> all() {
        return GoldenPathVersionEntity.<GoldenPathVersionEntity>list(NEWEST_FIRST).stream()
                .map(GoldenPathVersionEntity::toDomain).toList();
    }

    @Transactional
    public List<GoldenPathVersion> versionsOf(String name) {
        return GoldenPathVersionEntity.<GoldenPathVersionEntity>list("name = ?1 " + NEWEST_FIRST, name).stream()
                .map(GoldenPathVersionEntity::toDomain).toList();
    }

    @Transactional
    public Optional<GoldenPathVersion> find(String name, String version) {
        return GoldenPathVersionEntity.<GoldenPathVersionEntity>findByIdOptional(
                new GoldenPathVersionEntity.Key(name, version)).map(GoldenPathVersionEntity::toDomain);
    }

    /**
     * Stores the version unless one of that name and version exists (several replicas may seed the
     * same built-in versions at once; two admins may register the same version at once).
     *
     * @return whether it was stored
     */
    @Transactional
    public boolean insertIfMissing(GoldenPathVersion version) {
        SemanticVersion number = SemanticVersion.parse(version.version()).orElseThrow();
        return entityManager.createNativeQuery("""
                INSERT INTO provisioning.golden_path_version (name, version, major, minor, patch, description, parameters_schema,
                    template, workload_kind, deprecated, built_in, created_by, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS json), ?8, ?9, ?10, ?11, ?12, ?13)
                ON CONFLICT (name, version) DO NOTHING
                """)
                .setParameter(1, version.name())
                .setParameter(2, version.version())
                .setParameter(3, number.major())
                .setParameter(4, number.minor())
                .setParameter(5, number.patch())
                .setParameter(6, version.description())
                .setParameter(7, version.parametersSchema())
                .setParameter(8, version.template())
                .setParameter(9, version.workloadKind())
                .setParameter(10, version.deprecated())
                .setParameter(11, version.builtIn())
                .setParameter(12, version.createdBy())
                .setParameter(13, Timestamp.from(version.createdAt()))
                .executeUpdate() == 1;
    }

    /** @return whether the version exists */
    @Transactional
    public boolean deprecate(String name, String version) {
        return GoldenPathVersionEntity.update("deprecated = true where name = ?1 and version = ?2", name, version) == 1;
    }
}
