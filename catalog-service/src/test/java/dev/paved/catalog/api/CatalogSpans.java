package dev.paved.catalog.api;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.testing.tracing.RecordedSpans;

/** The catalog's spans during its tests. */
@ApplicationScoped
public class CatalogSpans extends RecordedSpans {
}
