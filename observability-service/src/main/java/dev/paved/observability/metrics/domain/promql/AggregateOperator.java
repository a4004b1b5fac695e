package dev.paved.observability.metrics.domain.promql;

import java.util.Locale;

/** Aggregation operators; some take a parameter before the vector ({@code topk(5, x)}). */
public enum AggregateOperator {
    SUM(null),
    AVG(null),
    COUNT(null),
    MIN(null),
    MAX(null),
    GROUP(null),
    STDDEV(null),
    STDVAR(null),
    TOPK(ValueType.SCALAR),
    BOTTOMK(ValueType.SCALAR),
    QUANTILE(ValueType.SCALAR),
    LIMITK(ValueType.SCALAR),
    LIMIT_RATIO(ValueType.SCALAR),
    COUNT_VALUES(ValueType.STRING);

    private final ValueType parameterType;

    AggregateOperator(ValueType parameterType) {
        this.parameterType = parameterType;
    }

    /** The parameter's type, or null when the operator takes none. */
    public ValueType parameterType() {
        return parameterType;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
