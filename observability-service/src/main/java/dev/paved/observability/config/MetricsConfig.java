package dev.paved.observability.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Team-scoped PromQL: where Prometheus is and the limits a query must keep. */
@ConfigMapping(prefix = "paved.observability.metrics")
public interface MetricsConfig {

    /**
     * Base URL of the Prometheus HTTP API ({@code http://prometheus:9090}); without it the metrics
     * calls answer {@code PROMETHEUS_NOT_CONFIGURED}.
     */
    Optional<URI> prometheusUrl();

    /** The label that carries a series' Kubernetes namespace, as the scrape configuration sets it. */
    @WithDefault("namespace")
    String namespaceLabel();

    /** The longest span from start to end of a range query. */
    @WithDefault("7d")
    Duration maxRange();

    /** The finest step of a range query. */
    @WithDefault("5s")
    Duration minStep();

    /** The most points a range query may give per series; Prometheus itself refuses more than 11,000. */
    @WithDefault("11000")
    int maxPointsPerSeries();

    /** How long Prometheus may evaluate one query; it is passed as the query's timeout. */
    @WithDefault("30s")
    Duration queryTimeout();

    /** How long to wait for a connection to Prometheus. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** The longest query text accepted, in characters. */
    @WithDefault("16384")
    int maxQueryLength();
}
