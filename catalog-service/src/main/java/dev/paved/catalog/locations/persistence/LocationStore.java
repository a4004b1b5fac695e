package dev.paved.catalog.locations.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.catalog.locations.domain.LocationError;
import dev.paved.catalog.locations.domain.LocationState;
import dev.paved.catalog.persistence.CatalogStorageException;
import dev.paved.catalog.persistence.Jdbc;
import io.agroal.api.AgroalDataSource;

/**
 * The {@code catalog.locations} table. A sync claims its location's row for a lease (a claim id and
 * an end), so that no two replicas sync one location at once; a replica that dies leaves a claim
 * that runs out. Inside a transaction every call uses the transaction's connection.
 */
@ApplicationScoped
public class LocationStore {

    private static final String COLUMNS = "id, target, owner, created_by, created_at, state, commit_id, "
            + "last_synced_at, next_sync_at, errors, files";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final TypeReference<List<LocationError>> ERRORS = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public LocationStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Stores a new location; false when its target is registered already. */
    public boolean insert(LocationRecord location) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("insert into catalog.locations (id, target, "
                        + "owner, created_by, created_at, state, next_sync_at) values (?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (target) do nothing")) {
            statement.setObject(1, location.id());
            statement.setString(2, location.target());
            statement.setString(3, location.owner());
            statement.setString(4, location.createdBy());
            statement.setObject(5, utc(location.createdAt()));
            statement.setString(6, location.state().name());
            statement.setObject(7, utc(location.nextSyncAt()));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new CatalogStorageException(e);
        }
    }

    public Optional<LocationRecord> find(UUID id) {
        return first(query("select " + COLUMNS + " from catalog.locations where id = ?", id));
    }

    public Optional<LocationRecord> findByTarget(String target) {
        return first(query("select " + COLUMNS + " from catalog.locations where target = ?", target));
    }

    /** A page of locations in id order (the order they were registered), after the given id. */
    public List<LocationRecord> list(UUID after, int limit) {
        return after == null
                ? query("select " + COLUMNS + " from catalog.locations order by id limit ?", limit)
                : query("select " + COLUMNS + " from catalog.locations where id > ? order by id limit ?", after, limit);
    }

    /** Claims the location unless another sync holds it; false when held (or gone). */
    public boolean claim(UUID id, UUID claim, Duration lease) {
        return update("update catalog.locations set claim = ?, claimed_until = now() + ?::float8 * interval '1 millisecond' "
                + "where id = ? and (claim is null or claimed_until < now())", claim, lease.toMillis(), id) == 1;
    }

    /** Claims the location whose sync is due longest, by the given time; empty when none is due and free. */
    public Optional<UUID> claimDue(Instant dueBy, UUID claim, Duration lease) {
        return first(select("update catalog.locations set claim = ?, claimed_until = now() + ?::float8 * interval '1 millisecond' "
                + "where id = (select id from catalog.locations where next_sync_at <= ? "
                + "and (claim is null or claimed_until < now()) order by next_sync_at limit 1 for update skip locked) "
                + "returning id", rs -> rs.getObject(1, UUID.class), claim, lease.toMillis(), utc(dueBy)));
    }

    /**
     * Locks the row of a location this claim still holds, for the transaction that stores the sync's
     * outcome; empty when the location is gone or the claim ran out and another took it.
     */
    public Optional<LocationRecord> lockClaimed(UUID id, UUID claim) {
        return first(query("select " + COLUMNS + " from catalog.locations where id = ? and claim = ? for update", id,
                claim));
    }

    /** Stores a sync's outcome and ends its claim. */
    public void finish(UUID id, LocationState state, String commit, List<LocationError> errors, List<String> files,
            Instant nextSyncAt) {
        update("update catalog.locations set state = ?, commit_id = coalesce(?, commit_id), last_synced_at = now(), "
                + "next_sync_at = ?, errors = ?::jsonb, files = ?, claim = null, claimed_until = null where id = ?",
                state.name(), commit, utc(nextSyncAt), write(errors), files.toArray(String[]::new), id);
    }

    /** Ends a claim without an outcome, when a sync stopped before storing one. */
    public void release(UUID id, UUID claim) {
        update("update catalog.locations set claim = null, claimed_until = null where id = ? and claim = ?", id, claim);
    }

    /** Gives the location another target; false when another location has that target (its unique index says so). */
    public boolean retarget(UUID id, String target) {
        try {
            return update("update catalog.locations set target = ? where id = ?", target, id) == 1;
        } catch (CatalogStorageException e) {
            if (e.getCause() instanceof SQLException failure && UNIQUE_VIOLATION.equals(failure.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the location; answers it as it was, or empty when there was none. */
    public Optional<LocationRecord> delete(UUID id) {
        return first(query("delete from catalog.locations where id = ? returning " + COLUMNS, id));
    }

    private List<LocationRecord> query(String sql, Object... parameters) {
        return select(sql, this::record, parameters);
    }

    private LocationRecord record(ResultSet rs) throws SQLException {
        try {
            java.sql.Array files = rs.getArray(11);
            return new LocationRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    instant(rs.getTimestamp(5)), LocationState.valueOf(rs.getString(6)), rs.getString(7),
                    instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), json.readValue(rs.getString(10), ERRORS),
                    files == null ? List.of() : List.of((String[]) files.getArray()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a location's stored errors are not JSON", e);
        }
    }

    private <T> List<T> select(String sql, Jdbc.RowMapper<T> mapper, Object... parameters) {
        return Jdbc.query(dataSource, connection -> prepare(connection, sql, parameters), mapper);
    }

    private int update(String sql, Object... parameters) {
        return Jdbc.update(dataSource, connection -> prepare(connection, sql, parameters));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private String write(List<LocationError> errors) {
        try {
            return json.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
