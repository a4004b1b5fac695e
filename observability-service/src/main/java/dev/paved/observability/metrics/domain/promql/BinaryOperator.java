package dev.paved.observability.metrics.domain.promql;

/**
 * Binary operators with their PromQL precedence (higher binds tighter). All are left-associative
 * except {@code ^}.
 */
public enum BinaryOperator {
    POW("^", 6),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    ATAN2("atan2", 5),
    ADD("+", 4),
    SUB("-", 4),
    EQL("==", 3),
    NEQ("!=", 3),
    LTE("<=", 3),
    LSS("<", 3),
    GTE(">=", 3),
    GTR(">", 3),
    AND("and", 2),
    UNLESS("unless", 2),
    OR("or", 1);

    private final String symbol;
    private final int precedence;

    BinaryOperator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == AND || this == UNLESS || this == OR;
    }
}
