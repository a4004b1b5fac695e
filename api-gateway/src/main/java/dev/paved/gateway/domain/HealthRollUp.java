package dev.paved.gateway.domain;

import java.util.Collection;
import java.util.List;

/**
 * The health of several workloads as one: the worst of them, ranked as Argo CD ranks health
 * (Healthy, Suspended, Progressing, Missing, Degraded, Unknown, each worse than the one before), so
 * that a Component is as healthy as its least healthy workload. Nothing to roll up is Healthy; a word
 * outside the ranking counts as Unknown.
 */
public final class HealthRollUp {

    public static final String HEALTHY = "Healthy";
    public static final String MISSING = "Missing";
    public static final String UNKNOWN = "Unknown";
    private static final List<String> BEST_FIRST = List.of(HEALTHY, "Suspended", "Progressing", MISSING, "Degraded",
            UNKNOWN);

    private HealthRollUp() {
    }

    public static String worst(Collection<String> healths) {
        return healths.stream().map(HealthRollUp::ranked).reduce(HEALTHY,
                (one, other) -> BEST_FIRST.indexOf(one) >= BEST_FIRST.indexOf(other) ? one : other);
    }

    private static String ranked(String health) {
        return BEST_FIRST.contains(health) ? health : UNKNOWN;
    }
}
