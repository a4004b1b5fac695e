package dev.paved.catalog.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.UUID;

import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format, sent as they are written in pieces of
 * about 64 KB: no statement to plan per chunk, no arrays to bind, and no buffer the size of the whole
 * batch (a megabyte array is a humongous allocation for the catalog's small G1 heap).
 */
public final class CopyRows {

    private static final int SEND_AT = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(SEND_AT + 8192);
    private boolean rowStarted;

    CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** The next column: the text, or SQL null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            buffer.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    public CopyRows uuid(UUID value) {
        separate();
        buffer.append(value);
        return this;
    }

    public CopyRows number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    public void endRow() throws SQLException {
        buffer.append('\n');
        rowStarted = false;
        if (buffer.length() >= SEND_AT) {
            send();
        }
    }

    void send() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private void separate() {
        if (rowStarted) {
            buffer.append('\t');
        }
        rowStarted = true;
    }

    /** The text format's escapes: a backslash, and the characters that end a column or a row. */
    private void escape(String value) {
        int length = value.length();
        int plainFrom = 0;
        for (int i = 0; i < length; i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            if (escaped != null) {
                buffer.append(value, plainFrom, i).append(escaped);
                plainFrom = i + 1;
            }
        }
        buffer.append(value, plainFrom, length);
    }
}
