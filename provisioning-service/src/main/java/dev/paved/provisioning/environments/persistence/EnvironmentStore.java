package dev.paved.provisioning.environments.persistence;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.provisioning.environments.domain.Drift;
import dev.paved.provisioning.environments.domain.Environment;

/** Environments and their drift as the domain reads and changes them; every call runs in the caller's transaction. */
@ApplicationScoped
public class EnvironmentStore {

    public Optional<Environment> findByName(String name) {
        return EnvironmentEntity.<EnvironmentEntity>find("name", name).firstResultOptional()
                .map(EnvironmentEntity::toEnvironment);
    }

    public Optional<Environment> findById(UUID id) {
        return EnvironmentEntity.<EnvironmentEntity>findByIdOptional(id).map(EnvironmentEntity::toEnvironment);
    }

    /** The team's environment for the application in the stage, if it has one. */
    public Optional<Environment> findFor(String team, String application, String stage) {
        return EnvironmentEntity.<EnvironmentEntity>find("team = ?1 and application = ?2 and stage = ?3", team,
                application, stage).firstResultOptional().map(EnvironmentEntity::toEnvironment);
    }

    /** The environments a new one would clash with, found in one query: by its name, or by what it is for. */
    public List<Environment> clashingWith(String name, String team, String application, String stage) {
        return EnvironmentEntity.<EnvironmentEntity>list("name = ?1 or (team = ?2 and application = ?3 and stage = ?4)",
                name, team, application, stage).stream().map(EnvironmentEntity::toEnvironment).toList();
    }

    /**
     * Environments by name, those of {@code teams} only unless it is null, after {@code afterName} (null:
     * from the first); each filter that is null or blank matches all.
     */
    public List<Environment> list(Collection<String> teams, String team, String application, String stage,
            String afterName, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (teams != null) {
            where.append(" and team in :teams");
            parameters.put("teams", teams);
        }
        filter(where, parameters, "team", team);
        filter(where, parameters, "application", application);
        filter(where, parameters, "stage", stage);
        if (afterName != null) {
            where.append(" and name > :after");
            parameters.put("after", afterName);
        }
        return EnvironmentEntity.<EnvironmentEntity>find(where + " order by name", parameters).page(0, limit).list()
                .stream().map(EnvironmentEntity::toEnvironment).toList();
    }

    /**
     * Each environment's most recent drift, newest first, at most {@code limit} of each, read in one
     * query: the index on (environment_id, id DESC) gives each environment's newest rows, however much
     * older drift it has. An environment without drift has none listed.
     */
    public Map<UUID, List<Drift>> recentDrift(Collection<UUID> environmentIds, int limit) {
        if (environmentIds.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<DriftEntity> found = DriftEntity.getEntityManager().createNativeQuery("""
                SELECT d.* FROM provisioning.environment e
                CROSS JOIN LATERAL (
                    SELECT * FROM provisioning.environment_drift n
                    WHERE n.environment_id = e.id ORDER BY n.id DESC LIMIT :limit
                ) d
                WHERE e.id IN (:environments)
                ORDER BY d.environment_id, d.id DESC
                """, DriftEntity.class)
                .setParameter("environments", environmentIds).setParameter("limit", limit).getResultList();
        return found.stream().collect(Collectors.groupingBy(drift -> drift.environmentId,
                Collectors.mapping(DriftEntity::toDrift, Collectors.toUnmodifiableList())));
    }

    /** Adds a new environment; it is written with the transaction's next flush. */
    public void create(Environment environment) {
        EnvironmentEntity.of(environment).persist();
    }

    /**
     * Writes what an operation's start changed in a stored environment (its state, last operation and
     * update time; see {@link Environment#operatedOn}). The change raises the environment's version,
     * checked against the one this transaction read.
     */
    public void recordStart(Environment started) {
        EnvironmentEntity environment = EnvironmentEntity.findById(started.id());
        environment.state = started.state();
        environment.lastOperationId = started.lastOperationId();
        environment.updatedAt = started.updatedAt();
    }

    private static void filter(StringBuilder where, Map<String, Object> parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(field).append(" = :").append(field);
            parameters.put(field, value);
        }
    }
}
