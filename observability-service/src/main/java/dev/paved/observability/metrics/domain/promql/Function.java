package dev.paved.observability.metrics.domain.promql;

import static dev.paved.observability.metrics.domain.promql.ValueType.INSTANT_VECTOR;
import static dev.paved.observability.metrics.domain.promql.ValueType.RANGE_VECTOR;
import static dev.paved.observability.metrics.domain.promql.ValueType.SCALAR;
import static dev.paved.observability.metrics.domain.promql.ValueType.STRING;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PromQL function and its signature, as Prometheus declares them: the types of its arguments and
 * how many of the last one may follow ({@code optionalTrailing}, or {@link #UNBOUNDED}). A function
 * missing from this table is unknown to the parser, so nothing Prometheus adds later slips through
 * unreviewed.
 */
public record Function(String name, List<ValueType> argumentTypes, int optionalTrailing, ValueType returnType) {

    /** The last argument type may repeat without limit ({@code label_join}'s source labels). */
    public static final int UNBOUNDED = -1;

    private static final Map<String, Function> FUNCTIONS = new HashMap<>();

    static {
        for (String name : List.of("abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos",
                "cosh", "deg", "exp", "floor", "histogram_avg", "histogram_count", "histogram_stddev",
                "histogram_stdvar", "histogram_sum", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort",
                "sort_desc", "sqrt", "tan", "tanh", "timestamp")) {
            define(name, 0, INSTANT_VECTOR, INSTANT_VECTOR);
        }
        for (String name : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
                "deriv", "first_over_time", "idelta", "increase", "irate", "last_over_time", "mad_over_time",
                "max_over_time", "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time",
                "stdvar_over_time", "sum_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                "ts_of_max_over_time", "ts_of_min_over_time")) {
            define(name, 0, INSTANT_VECTOR, RANGE_VECTOR);
        }
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
                "month", "year")) {
            define(name, 1, INSTANT_VECTOR, INSTANT_VECTOR);
        }
        for (String name : List.of("pi", "time", "start", "end", "step", "range")) {
            define(name, 0, SCALAR);
        }
        define("clamp", 0, INSTANT_VECTOR, INSTANT_VECTOR, SCALAR, SCALAR);
        define("clamp_max", 0, INSTANT_VECTOR, INSTANT_VECTOR, SCALAR);
        define("clamp_min", 0, INSTANT_VECTOR, INSTANT_VECTOR, SCALAR);
        define("double_exponential_smoothing", 0, INSTANT_VECTOR, RANGE_VECTOR, SCALAR, SCALAR);
        define("histogram_fraction", 0, INSTANT_VECTOR, SCALAR, SCALAR, INSTANT_VECTOR);
        define("histogram_quantile", 0, INSTANT_VECTOR, SCALAR, INSTANT_VECTOR);
        define("info", 1, INSTANT_VECTOR, INSTANT_VECTOR, INSTANT_VECTOR);
        define("label_join", UNBOUNDED, INSTANT_VECTOR, INSTANT_VECTOR, STRING, STRING, STRING);
        define("label_replace", 0, INSTANT_VECTOR, INSTANT_VECTOR, STRING, STRING, STRING, STRING);
        define("predict_linear", 0, INSTANT_VECTOR, RANGE_VECTOR, SCALAR);
        define("quantile_over_time", 0, INSTANT_VECTOR, SCALAR, RANGE_VECTOR);
        define("round", 1, INSTANT_VECTOR, INSTANT_VECTOR, SCALAR);
        define("scalar", 0, SCALAR, INSTANT_VECTOR);
        define("sort_by_label", UNBOUNDED, INSTANT_VECTOR, INSTANT_VECTOR, STRING);
        define("sort_by_label_desc", UNBOUNDED, INSTANT_VECTOR, INSTANT_VECTOR, STRING);
        define("vector", 0, INSTANT_VECTOR, SCALAR);
    }

    public Function {
        argumentTypes = List.copyOf(argumentTypes);
    }

    private static void define(String name, int optionalTrailing, ValueType returnType, ValueType... arguments) {
        FUNCTIONS.put(name, new Function(name, List.of(arguments), optionalTrailing, returnType));
    }

    public static Optional<Function> named(String name) {
        return Optional.ofNullable(FUNCTIONS.get(name));
    }

    /** The fewest arguments a call takes. */
    public int minimumArguments() {
        return optionalTrailing == 0 ? argumentTypes.size() : argumentTypes.size() - 1;
    }

    /** The most arguments a call takes, {@link Integer#MAX_VALUE} when unbounded. */
    public int maximumArguments() {
        if (optionalTrailing == UNBOUNDED) {
            return Integer.MAX_VALUE;
        }
        return optionalTrailing == 0 ? argumentTypes.size() : argumentTypes.size() - 1 + optionalTrailing;
    }

    /** The type the argument at {@code index} must have. */
    public ValueType argumentType(int index) {
        return argumentTypes.get(Math.min(index, argumentTypes.size() - 1));
    }
}
