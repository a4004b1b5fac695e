package dev.paved.observability.health.domain;

import java.time.Instant;

/**
 * A warning about a workload or one of its objects, as Kubernetes aggregates them: one event
 * counting each time it recurred.
 *
 * @param object    the object it is about, {@code Kind/name}
 * @param count     how often it happened
 * @param firstSeen when it first happened, null when the event does not say
 * @param lastSeen  when it last happened, null when the event does not say
 */
public record WarningEvent(String reason, String message, String object, int count, Instant firstSeen,
        Instant lastSeen) {
}
