package dev.paved.observability.metrics.domain.promql;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a PromQL expression. Parentheses are not kept: they only group, and
 * {@link PromQlPrinter} puts back those the precedence rules need. Absent optional parts are null.
 */
public sealed interface Expr {

    ValueType type();

    record NumberLiteral(double value) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record StringLiteral(String value) implements Expr {
        public StringLiteral {
            Objects.requireNonNull(value);
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /**
     * {@code name{matchers} @ at offset d}. The metric name, when written before the braces or as a
     * lone string inside them, is kept apart from the matchers; a {@code __name__} matcher is an
     * ordinary matcher.
     */
    record VectorSelector(String metricName, List<LabelMatcher> matchers, Modifiers modifiers) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
            Objects.requireNonNull(modifiers);
        }

        public VectorSelector withMatchers(List<LabelMatcher> newMatchers) {
            return new VectorSelector(metricName, newMatchers, modifiers);
        }

        public VectorSelector withModifiers(Modifiers newModifiers) {
            return new VectorSelector(metricName, matchers, newModifiers);
        }

        @Override
        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /** {@code selector[range]}; the selector's offset and @ are written after the range. */
    record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
        public MatrixSelector {
            Objects.requireNonNull(selector);
        }

        @Override
        public ValueType type() {
            return ValueType.RANGE_VECTOR;
        }
    }

    /** {@code expr[range:step] @ at offset d}; a null step means the default evaluation interval. */
    record Subquery(Expr expr, long rangeMillis, Long stepMillis, Modifiers modifiers) implements Expr {
        public Subquery {
            Objects.requireNonNull(expr);
            Objects.requireNonNull(modifiers);
        }

        @Override
        public ValueType type() {
            return ValueType.RANGE_VECTOR;
        }
    }

    record Call(Function function, List<Expr> arguments) implements Expr {
        public Call {
            Objects.requireNonNull(function);
            arguments = List.copyOf(arguments);
        }

        @Override
        public ValueType type() {
            return function.returnType();
        }
    }

    /** {@code op by|without (labels) (parameter, expr)}; grouping and parameter may be null. */
    record Aggregation(AggregateOperator operator, Grouping grouping, Expr parameter, Expr expr) implements Expr {
        public Aggregation {
            Objects.requireNonNull(operator);
            Objects.requireNonNull(expr);
        }

        @Override
        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /** {@code left op bool on|ignoring (labels) group_left|group_right (labels) right}. */
    record Binary(BinaryOperator operator, Expr left, Expr right, boolean returnBool, VectorMatching matching)
            implements Expr {
        public Binary {
            Objects.requireNonNull(operator);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public ValueType type() {
            return left.type() == ValueType.SCALAR && right.type() == ValueType.SCALAR
                    ? ValueType.SCALAR
                    : ValueType.INSTANT_VECTOR;
        }
    }

    record Unary(boolean negative, Expr expr) implements Expr {
        public Unary {
            Objects.requireNonNull(expr);
        }

        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    record LabelMatcher(String name, MatchOperator operator, String value) {
        public LabelMatcher {
            Objects.requireNonNull(name);
            Objects.requireNonNull(operator);
            Objects.requireNonNull(value);
        }
    }

    /** {@code offset} (milliseconds, may be negative) and {@code @}; either may be null. */
    record Modifiers(Long offsetMillis, At at) {
        public static final Modifiers NONE = new Modifiers(null, null);

        public boolean isEmpty() {
            return offsetMillis == null && at == null;
        }

        public Modifiers withOffset(long millis) {
            return new Modifiers(millis, at);
        }

        public Modifiers withAt(At newAt) {
            return new Modifiers(offsetMillis, newAt);
        }
    }

    /** The time an {@code @} modifier pins: a Unix timestamp in seconds, or the query's start or end. */
    sealed interface At {
        record Timestamp(double seconds) implements At {
        }

        record Start() implements At {
        }

        record End() implements At {
        }
    }

    record Grouping(boolean without, List<String> labels) {
        public Grouping {
            labels = List.copyOf(labels);
        }
    }

    /**
     * {@code on (labels)} or {@code ignoring (labels)}, and for many-to-one or one-to-many matching
     * the side ({@code group_left}, {@code group_right}) with the labels it copies.
     */
    record VectorMatching(boolean on, List<String> labels, Cardinality cardinality, List<String> include) {
        public VectorMatching {
            labels = List.copyOf(labels);
            Objects.requireNonNull(cardinality);
            include = List.copyOf(include);
        }
    }

    enum Cardinality {
        ONE_TO_ONE,
        MANY_TO_ONE,
        ONE_TO_MANY
    }
}
