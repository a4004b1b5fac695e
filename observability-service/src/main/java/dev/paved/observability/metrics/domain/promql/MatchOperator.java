package dev.paved.observability.metrics.domain.promql;

/** Label matching operators; regular expressions are RE2 and anchored at both ends. */
public enum MatchOperator {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    MatchOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
