package dev.paved.observability.dora.domain;

/**
 * One DORA metric: its value (null when no event is behind it), the number of events it is computed
 * from, and its performance level (null without a value).
 */
public record Metric(Double value, long events, PerformanceLevel level) {

    static Metric none() {
        return new Metric(null, 0, null);
    }
}
