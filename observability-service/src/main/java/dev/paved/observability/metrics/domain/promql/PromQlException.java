package dev.paved.observability.metrics.domain.promql;

/** A query that is not valid PromQL, with where the problem is (line and column from 1). */
public class PromQlException extends RuntimeException {

    private final String reason;
    private final int line;
    private final int column;

    public PromQlException(String reason, int line, int column) {
        super(line + ":" + column + ": " + reason, null, false, false);
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
