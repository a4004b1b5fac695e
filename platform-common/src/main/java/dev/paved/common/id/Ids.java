package dev.paved.common.id;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifiers of the platform's own resources: UUIDv7 (RFC 9562), time-ordered so that they index
 * well and sort by creation.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID newId() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long most = (millis << 16) | (0x7L << 12) | randA;
        long least = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    /** The id a client sent, if it is a UUID; ids are never guessed from other text. */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
