package dev.paved.observability.metrics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.config.MetricsConfig;
import dev.paved.observability.metrics.domain.promql.PromQl;
import dev.paved.observability.metrics.domain.promql.ValueType;
import dev.paved.observability.metrics.prometheus.PrometheusClient;

/**
 * PromQL for a team: the caller's query and selectors confined to the namespaces it may see
 * ({@link ScopedQueries}), times and steps checked against the configured limits, then answered by
 * Prometheus. Parameters are taken as the HTTP API gives them, so that each bad one is reported by
 * name: times as RFC 3339 or Unix seconds, steps as durations ({@code 15s}) or seconds, as
 * Prometheus accepts them. The namespaces must come from the caller's authorization; this class
 * trusts them.
 */
@ApplicationScoped
public class TeamMetrics {

    public static final String INVALID_TIME_RANGE = "INVALID_TIME_RANGE";
    public static final String INVALID_LABEL_NAME = "INVALID_LABEL_NAME";

    private static final Pattern UNIX_SECONDS = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final MetricsConfig config;
    private final ScopedQueries scopedQueries;
    private final PrometheusClient prometheus;

    public TeamMetrics(MetricsConfig config, PrometheusClient prometheus) {
        this.config = config;
        this.scopedQueries = new ScopedQueries(config.namespaceLabel(), config.maxQueryLength());
        this.prometheus = prometheus;
    }

    /** {@code GET …/metrics/query}: {@code time} may be null (Prometheus's now). */
    public QueryResult query(String promql, String time, Set<String> namespaces) {
        prometheus.requireConfigured();
        Instant at = time == null ? null : instant("time", time);
        return prometheus.query(scopedQueries.scope(promql, namespaces).promql(), at);
    }

    /** {@code GET …/metrics/query_range}: all of start, end and step are required. */
    public QueryResult queryRange(String promql, String start, String end, String step, Set<String> namespaces) {
        prometheus.requireConfigured();
        Instant from = instant("start", required("start", start));
        Instant to = instant("end", required("end", end));
        Duration resolution = step("step", required("step", step));
        Duration range = Duration.between(from, to);
        if (range.isNegative()) {
            throw rangeProblem("end", "end must not be before start");
        }
        if (range.compareTo(config.maxRange()) > 0) {
            throw rangeProblem("end", "end is " + PromQl.formatDuration(range.toMillis())
                    + " after start; the longest range is " + PromQl.formatDuration(config.maxRange().toMillis()));
        }
        if (resolution.compareTo(config.minStep()) < 0) {
            throw rangeProblem("step", "the finest step is " + PromQl.formatDuration(config.minStep().toMillis()));
        }
        long points = range.toMillis() / resolution.toMillis();
        if (points > config.maxPointsPerSeries()) {
            long finestSeconds = (range.toMillis() + 1000L * config.maxPointsPerSeries() - 1)
                    / (1000L * config.maxPointsPerSeries());
            throw rangeProblem("step", "this step gives " + points + " points per series, more than "
                    + config.maxPointsPerSeries() + "; use a step of at least " + PromQl.formatDuration(finestSeconds * 1000));
        }
        ScopedQuery scoped = scopedQueries.scope(promql, namespaces);
        if (scoped.type() != ValueType.SCALAR && scoped.type() != ValueType.INSTANT_VECTOR) {
            String message = "a range query needs an expression of type scalar or instant vector, not "
                    + scoped.type().documentedName();
            throw new ProblemException(400, ScopedQueries.PROMQL_INVALID, "The query parameter is not valid: "
                    + message, List.of(Violation.parameter("query", message)));
        }
        return prometheus.queryRange(scoped.promql(), from, to, resolution);
    }

    /** {@code GET …/metrics/series}: at least one {@code match[]}; start and end may be null. */
    public List<Map<String, String>> series(List<String> match, String start, String end, Set<String> namespaces) {
        prometheus.requireConfigured();
        if (match == null || match.isEmpty()) {
            throw new ProblemException(400, ScopedQueries.PROMQL_INVALID, "At least one match[] selector is required.",
                    List.of(Violation.parameter("match[]", "at least one series selector is required")));
        }
        Instant[] range = optionalRange(start, end);
        return prometheus.series(selectors(match, namespaces), range[0], range[1]);
    }

    /** {@code GET …/metrics/labels}: without {@code match[]}, the labels of the team's series. */
    public List<String> labelNames(List<String> match, String start, String end, Set<String> namespaces) {
        prometheus.requireConfigured();
        Instant[] range = optionalRange(start, end);
        return prometheus.labelNames(selectors(match, namespaces), range[0], range[1]);
    }

    /** {@code GET …/metrics/label/{label}/values}: without {@code match[]}, over the team's series. */
    public List<String> labelValues(String label, List<String> match, String start, String end,
            Set<String> namespaces) {
        prometheus.requireConfigured();
        if (label == null || !LABEL_NAME.matcher(label).matches()) {
            throw new ProblemException(400, INVALID_LABEL_NAME, "\"" + label + "\" is not a label name.",
                    List.of(Violation.parameter("label", "a label name matches [a-zA-Z_][a-zA-Z0-9_]*")));
        }
        Instant[] range = optionalRange(start, end);
        return prometheus.labelValues(label, selectors(match, namespaces), range[0], range[1]);
    }

    /** The scoped selectors, or when none is given the selector of all the team's series. */
    private List<String> selectors(List<String> match, Set<String> namespaces) {
        if (match == null || match.isEmpty()) {
            return List.of(scopedQueries.namespaceSelector(namespaces));
        }
        return match.stream().map(selector -> scopedQueries.scopeSeriesSelector(selector, namespaces)).toList();
    }

    private static Instant[] optionalRange(String start, String end) {
        Instant from = start == null ? null : instant("start", start);
        Instant to = end == null ? null : instant("end", end);
        if (from != null && to != null && to.isBefore(from)) {
            throw rangeProblem("end", "end must not be before start");
        }
        return new Instant[] {from, to};
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw rangeProblem(parameter, parameter + " is required");
        }
        return value;
    }

    /** An RFC 3339 time or Unix seconds, as Prometheus reads them. */
    static Instant instant(String parameter, String value) {
        if (UNIX_SECONDS.matcher(value).matches()) {
            try {
                return Instant.ofEpochMilli(secondsAsMillis(parameter, value));
            } catch (DateTimeException outOfRange) {
                throw rangeProblem(parameter, parameter + " is out of range");
            }
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notATime) {
            throw rangeProblem(parameter, parameter + " must be an RFC 3339 time or Unix seconds, not \"" + value + "\"");
        }
    }

    /** A duration such as {@code 15s} or {@code 1m30s}, or seconds such as {@code 15} or {@code 0.5}. */
    static Duration step(String parameter, String value) {
        OptionalLong millis = PromQl.duration(value);
        if (millis.isEmpty() && UNIX_SECONDS.matcher(value).matches()) {
            millis = OptionalLong.of(secondsAsMillis(parameter, value));
        }
        if (millis.isEmpty()) {
            throw rangeProblem(parameter, parameter + " must be a duration such as 15s or a number of seconds, not \""
                    + value + "\"");
        }
        if (millis.getAsLong() <= 0) {
            throw rangeProblem(parameter, parameter + " must be greater than 0");
        }
        return Duration.ofMillis(millis.getAsLong());
    }

    private static long secondsAsMillis(String parameter, String seconds) {
        try {
            return new BigDecimal(seconds).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException outOfRange) {
            throw rangeProblem(parameter, parameter + " is out of range");
        }
    }

    private static ProblemException rangeProblem(String parameter, String message) {
        return new ProblemException(400, INVALID_TIME_RANGE, "The " + parameter + " parameter is not valid: " + message,
                List.of(Violation.parameter(parameter, message)));
    }
}
