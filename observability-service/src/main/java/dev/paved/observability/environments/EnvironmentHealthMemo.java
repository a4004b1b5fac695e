package dev.paved.observability.environments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.paved.observability.config.HealthConfig;
import dev.paved.observability.health.domain.EnvironmentHealth;
import dev.paved.observability.health.domain.HealthAssessment;
import dev.paved.observability.health.domain.NamespaceObjects;
import dev.paved.observability.health.domain.WorkloadRef;

/**
 * The health last computed for each observed namespace, served again instead of running every rule
 * over every pod on each status read. It is served only while nothing it was computed from has changed:
 * <ul>
 * <li>the very snapshot of the namespace's objects: the cluster cache hands out one snapshot until any
 * of the namespace's stores changes, then a new one, so a change the cache holds is in the next status;</li>
 * <li>the same expected workloads (provisioning's, asked on every read);</li>
 * <li>computed less than {@code reuseFor} ago, because the rules' grace periods and the durations
 * quoted in reasons move with the clock: those alone may show up to {@code reuseFor} late.</li>
 * </ul>
 * Staleness of a status is then the cluster cache's (see {@code ClusterCache}) for changes in the
 * namespace, plus at most {@code reuseFor} for what only time changes.
 */
@ApplicationScoped
public class EnvironmentHealthMemo {

    private final HealthAssessment assessment;
    private final Duration reuseFor;
    private final Map<String, Computed> byNamespace = new ConcurrentHashMap<>();

    @Inject
    public EnvironmentHealthMemo(HealthAssessment assessment, HealthConfig config) {
        this(assessment, config.reuseFor());
    }

    EnvironmentHealthMemo(HealthAssessment assessment, Duration reuseFor) {
        this.assessment = assessment;
        this.reuseFor = reuseFor;
    }

    /** {@link HealthAssessment#environment} of the namespace of a cluster, reused as above. */
    public EnvironmentHealth environment(String cluster, NamespaceObjects objects, List<WorkloadRef> expected,
            Instant now) {
        String key = cluster + "/" + objects.namespace();
        Computed last = byNamespace.get(key);
        if (last != null && last.objects() == objects && last.expected().equals(expected) && reusable(last, now)) {
            return last.health();
        }
        EnvironmentHealth health = assessment.environment(objects, expected, now);
        // Entries past their time would be computed again anyway: dropping them keeps no deleted namespace.
        byNamespace.values().removeIf(computed -> !reusable(computed, now));
        byNamespace.put(key, new Computed(objects, List.copyOf(expected), now, health));
        return health;
    }

    /** Computed less than {@code reuseFor} before {@code now} (and not after it: the clock may be set back). */
    private boolean reusable(Computed computed, Instant now) {
        return !now.isBefore(computed.at()) && now.isBefore(computed.at().plus(reuseFor));
    }

    private record Computed(NamespaceObjects objects, List<WorkloadRef> expected, Instant at, EnvironmentHealth health) {
    }
}
