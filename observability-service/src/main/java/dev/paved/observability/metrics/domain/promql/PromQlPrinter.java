package dev.paved.observability.metrics.domain.promql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.paved.observability.metrics.domain.promql.Expr.Aggregation;
import dev.paved.observability.metrics.domain.promql.Expr.At;
import dev.paved.observability.metrics.domain.promql.Expr.Binary;
import dev.paved.observability.metrics.domain.promql.Expr.Call;
import dev.paved.observability.metrics.domain.promql.Expr.LabelMatcher;
import dev.paved.observability.metrics.domain.promql.Expr.MatrixSelector;
import dev.paved.observability.metrics.domain.promql.Expr.Modifiers;
import dev.paved.observability.metrics.domain.promql.Expr.NumberLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.StringLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.Subquery;
import dev.paved.observability.metrics.domain.promql.Expr.Unary;
import dev.paved.observability.metrics.domain.promql.Expr.VectorMatching;
import dev.paved.observability.metrics.domain.promql.Expr.VectorSelector;

/**
 * Writes an {@link Expr} as PromQL that Prometheus (2.x and 3.x) reads back as the same tree. Its
 * output never depends on how the query was spelt: literals are written canonically, parentheses
 * where precedence needs them, a metric name that could be read as a keyword as a {@code __name__}
 * matcher, and label lists always in parentheses. So no text of the input reaches Prometheus
 * unparsed, and the structure Prometheus evaluates is the one that was checked.
 */
public final class PromQlPrinter {

    private static final int UNARY = 55;
    private static final int ATOM = 100;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** Words Prometheus may read as keywords (any case) where a metric or label name is meant. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "sum", "avg", "count", "min",
            "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "limitk", "limit_ratio",
            "offset", "smoothed", "anchored", "by", "without", "on", "ignoring", "group_left", "group_right", "fill",
            "fill_left", "fill_right", "bool", "start", "end", "step", "range", "max_of", "min_of", "inf", "nan");

    private PromQlPrinter() {
    }

    public static String print(Expr expr) {
        var out = new StringBuilder(64);
        write(expr, out);
        return out.toString();
    }

    private static void write(Expr expr, StringBuilder out) {
        if (expr instanceof NumberLiteral number) {
            out.append(Literals.formatNumber(number.value()));
        } else if (expr instanceof StringLiteral string) {
            out.append(Literals.quote(string.value()));
        } else if (expr instanceof VectorSelector selector) {
            writeSelector(selector, out);
            writeModifiers(selector.modifiers(), out);
        } else if (expr instanceof MatrixSelector matrix) {
            writeSelector(matrix.selector(), out);
            out.append('[').append(Literals.formatDuration(matrix.rangeMillis())).append(']');
            writeModifiers(matrix.selector().modifiers(), out);
        } else if (expr instanceof Subquery subquery) {
            writeSubquery(subquery, out);
        } else if (expr instanceof Call call) {
            out.append(call.function().name());
            writeArguments(call.arguments(), out);
        } else if (expr instanceof Aggregation aggregation) {
            writeAggregation(aggregation, out);
        } else if (expr instanceof Binary binary) {
            writeBinary(binary, out);
        } else {
            Unary unary = (Unary) expr;
            out.append(unary.negative() ? '-' : '+');
            writeOperand(unary.expr(), precedence(unary.expr()) < BinaryOperator.POW.precedence() * 10, out);
        }
    }

    private static void writeSelector(VectorSelector selector, StringBuilder out) {
        String name = selector.metricName();
        boolean bareName = name != null && METRIC_NAME.matcher(name).matches() && !isKeyword(name);
        if (bareName) {
            out.append(name);
            if (selector.matchers().isEmpty()) {
                return;
            }
        }
        out.append('{');
        boolean first = true;
        if (name != null && !bareName) {
            out.append("__name__=").append(Literals.quote(name));
            first = false;
        }
        for (LabelMatcher matcher : selector.matchers()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(LABEL_NAME.matcher(matcher.name()).matches() ? matcher.name() : Literals.quote(matcher.name()))
                    .append(matcher.operator().symbol())
                    .append(Literals.quote(matcher.value()));
        }
        out.append('}');
    }

    private static void writeModifiers(Modifiers modifiers, StringBuilder out) {
        At at = modifiers.at();
        if (at instanceof At.Start) {
            out.append(" @ start()");
        } else if (at instanceof At.End) {
            out.append(" @ end()");
        } else if (at instanceof At.Timestamp timestamp) {
            out.append(" @ ").append(Literals.formatNumber(timestamp.seconds()));
        }
        Long offset = modifiers.offsetMillis();
        if (offset != null) {
            out.append(" offset ").append(offset < 0 ? "-" : "").append(Literals.formatDuration(Math.abs(offset)));
        }
    }

    private static void writeSubquery(Subquery subquery, StringBuilder out) {
        Expr inner = subquery.expr();
        boolean plain = inner instanceof Call || inner instanceof Aggregation
                || (inner instanceof VectorSelector selector && selector.modifiers().isEmpty());
        writeOperand(inner, !plain, out);
        out.append('[').append(Literals.formatDuration(subquery.rangeMillis())).append(':');
        if (subquery.stepMillis() != null) {
            out.append(Literals.formatDuration(subquery.stepMillis()));
        }
        out.append(']');
        writeModifiers(subquery.modifiers(), out);
    }

    private static void writeAggregation(Aggregation aggregation, StringBuilder out) {
        out.append(aggregation.operator().keyword());
        if (aggregation.grouping() != null) {
            out.append(aggregation.grouping().without() ? " without " : " by ");
            writeLabelList(aggregation.grouping().labels(), out);
            out.append(' ');
        }
        writeArguments(aggregation.parameter() == null
                ? List.of(aggregation.expr())
                : List.of(aggregation.parameter(), aggregation.expr()), out);
    }

    private static void writeArguments(List<Expr> arguments, StringBuilder out) {
        out.append('(');
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            write(arguments.get(i), out);
        }
        out.append(')');
    }

    private static void writeBinary(Binary binary, StringBuilder out) {
        BinaryOperator operator = binary.operator();
        int own = operator.precedence() * 10;
        int left = precedence(binary.left());
        int right = precedence(binary.right());
        writeOperand(binary.left(), left < own || (left == own && operator.isRightAssociative()), out);
        out.append(' ').append(operator.symbol());
        if (binary.returnBool()) {
            out.append(" bool");
        }
        VectorMatching matching = binary.matching();
        if (matching != null) {
            out.append(matching.on() ? " on " : " ignoring ");
            writeLabelList(matching.labels(), out);
            switch (matching.cardinality()) {
                case MANY_TO_ONE -> {
                    out.append(" group_left ");
                    writeLabelList(matching.include(), out);
                }
                case ONE_TO_MANY -> {
                    out.append(" group_right ");
                    writeLabelList(matching.include(), out);
                }
                case ONE_TO_ONE -> {
                }
            }
        }
        out.append(' ');
        writeOperand(binary.right(), right < own || (right == own && !operator.isRightAssociative()), out);
    }

    private static void writeOperand(Expr operand, boolean parenthesize, StringBuilder out) {
        if (parenthesize) {
            out.append('(');
            write(operand, out);
            out.append(')');
        } else {
            write(operand, out);
        }
    }

    private static void writeLabelList(List<String> labels, StringBuilder out) {
        out.append('(');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            String label = labels.get(i);
            boolean bare = LABEL_NAME.matcher(label).matches()
                    && !label.equalsIgnoreCase("inf") && !label.equalsIgnoreCase("nan");
            out.append(bare ? label : Literals.quote(label));
        }
        out.append(')');
    }

    /** How tightly an expression binds when written bare: operators by PromQL's precedence, the rest as atoms. */
    private static int precedence(Expr expr) {
        if (expr instanceof Binary binary) {
            return binary.operator().precedence() * 10;
        }
        if (expr instanceof Unary) {
            return UNARY;
        }
        if (expr instanceof NumberLiteral number && (number.value() < 0 || isNegativeZero(number.value()))) {
            return UNARY;
        }
        return ATOM;
    }

    private static boolean isNegativeZero(double value) {
        return value == 0 && 1 / value < 0;
    }

    private static boolean isKeyword(String name) {
        return KEYWORDS.contains(name.toLowerCase(Locale.ROOT));
    }
}
