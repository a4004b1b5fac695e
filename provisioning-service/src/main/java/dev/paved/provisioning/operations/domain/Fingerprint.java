package dev.paved.provisioning.operations.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What makes two requests "the same request" for an idempotency key: their kind and every field. */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(OperationType type, String... fields) {
        StringBuilder canonical = new StringBuilder(type.name());
        for (String field : fields) {
            // Length-prefixed, so that no two different field lists read the same.
            String value = field == null ? "" : field;
            canonical.append('|').append(value.length()).append(':').append(value);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }
}
