package dev.paved.catalog.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The catalog's one way to run a statement on its own connection: rows mapped, failures as {@link CatalogStorageException}. */
public final class Jdbc {

    @FunctionalInterface
    public interface Statement {
        PreparedStatement prepare(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface RowWriter {
        void write(CopyRows rows) throws SQLException;
    }

    private Jdbc() {
    }

    public static <T> List<T> query(DataSource dataSource, Statement sql, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = sql.prepare(connection);
                ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new CatalogStorageException(e);
        }
    }

    /** Runs the statement; answers its update count (-1 where it answered no count). */
    public static int update(DataSource dataSource, Statement sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = sql.prepare(connection)) {
            statement.execute();
            return statement.getUpdateCount();
        } catch (SQLException e) {
            throw new CatalogStorageException(e);
        }
    }

    /** Streams rows into a table with {@code COPY … FROM STDIN} (text format); answers how many it copied. */
    public static long copyIn(DataSource dataSource, String copySql, RowWriter writer) {
        try (Connection connection = dataSource.getConnection()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
            try {
                CopyRows rows = new CopyRows(copy);
                writer.write(rows);
                rows.send();
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new CatalogStorageException(e);
        }
    }
}
