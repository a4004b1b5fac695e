package dev.paved.observability.metrics.domain;

import dev.paved.observability.metrics.domain.promql.ValueType;

/** A query rewritten for a team, ready for Prometheus, and the type it evaluates to. */
public record ScopedQuery(String promql, ValueType type) {
}
