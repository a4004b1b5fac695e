package dev.paved.local.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Kubernetes' timestamps: RFC 3339 in UTC, to the second. */
final class Timestamps {

    private Timestamps() {
    }

    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Optional<Instant> parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
            } catch (DateTimeParseException notATime) {
                return Optional.empty();
            }
        }
    }
}
