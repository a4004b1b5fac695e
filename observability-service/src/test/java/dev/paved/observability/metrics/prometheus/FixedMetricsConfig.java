package dev.paved.observability.metrics.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.paved.observability.config.MetricsConfig;

/** {@link MetricsConfig} with the defaults of application configuration, for tests without Quarkus. */
public record FixedMetricsConfig(Optional<URI> prometheusUrl, String namespaceLabel, Duration maxRange,
        Duration minStep, int maxPointsPerSeries, Duration queryTimeout, Duration connectTimeout, int maxQueryLength)
        implements MetricsConfig {

    public static FixedMetricsConfig of(URI prometheusUrl) {
        return new FixedMetricsConfig(Optional.ofNullable(prometheusUrl), "namespace", Duration.ofDays(7),
                Duration.ofSeconds(5), 11_000, Duration.ofSeconds(30), Duration.ofSeconds(2), 16_384);
    }

    public FixedMetricsConfig withQueryTimeout(Duration timeout) {
        return new FixedMetricsConfig(prometheusUrl, namespaceLabel, maxRange, minStep, maxPointsPerSeries, timeout,
                connectTimeout, maxQueryLength);
    }
}
