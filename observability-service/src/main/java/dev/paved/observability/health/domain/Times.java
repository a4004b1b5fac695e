package dev.paved.observability.health.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.fabric8.kubernetes.api.model.MicroTime;

/** Kubernetes timestamps (RFC 3339, seconds or microseconds) as instants; absent or unreadable ones are null. */
final class Times {

    private Times() {
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    static Instant parse(MicroTime time) {
        return time == null ? null : parse(time.getTime());
    }

    /** The first of the given instants that is known. */
    static Instant firstKnown(Instant... candidates) {
        for (Instant candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
