package dev.paved.observability.api;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.testing.tracing.RecordedSpans;

/** observability-service's spans during its tests. */
@ApplicationScoped
public class ObservabilitySpans extends RecordedSpans {
}
