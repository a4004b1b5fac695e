package dev.paved.observability.health.domain;

/**
 * The normalized health of a workload or of an environment.
 *
 * <p>The constants are declared from best to worst; a roll-up takes the worst:
 *
 * <pre>
 * Degraded  &gt;  Missing  &gt;  Unknown  &gt;  Progressing  &gt;  Suspended  &gt;  Healthy
 * </pre>
 *
 * Degraded and Missing are known failures that need someone to act, a broken workload first. Unknown
 * comes next: a part that cannot be seen may hide a failure, so an environment with one is never
 * reported as merely progressing or healthy (Argo CD ranks Unknown worst of all; here a known
 * failure outranks it, because it is what an operator must see first). Progressing heals by itself
 * or turns Degraded. Suspended is what someone asked for (paused, scaled to zero, a suspended
 * CronJob) and outranks only Healthy.
 */
public enum Health {

    HEALTHY("Healthy"),
    SUSPENDED("Suspended"),
    PROGRESSING("Progressing"),
    UNKNOWN("Unknown"),
    MISSING("Missing"),
    DEGRADED("Degraded");

    private final String label;

    Health(String label) {
        this.label = label;
    }

    /** The name the API shows: {@code Healthy}, {@code Progressing}, ... */
    public String label() {
        return label;
    }

    public boolean isWorseThan(Health other) {
        return compareTo(other) > 0;
    }

    public static Health worst(Health one, Health other) {
        return one.isWorseThan(other) ? one : other;
    }
}
