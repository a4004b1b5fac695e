package dev.paved.catalog.persistence;

import java.sql.SQLException;

/** The database failed a statement: an outage or a bug, never the client's input. */
public class CatalogStorageException extends RuntimeException {

    public CatalogStorageException(SQLException cause) {
        super("catalog storage failed: " + cause.getMessage(), cause);
    }
}
