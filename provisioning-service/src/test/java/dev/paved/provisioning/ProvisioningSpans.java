package dev.paved.provisioning;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.testing.tracing.RecordedSpans;

/** provisioning-service's spans during its tests. */
@ApplicationScoped
public class ProvisioningSpans extends RecordedSpans {
}
