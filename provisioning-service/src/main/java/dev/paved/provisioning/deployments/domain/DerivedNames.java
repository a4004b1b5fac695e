package dev.paved.provisioning.deployments.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names Paved derives from others, deterministic and within the limits of where they are used. */
final class DerivedNames {

    private static final int MAX = 63;
    private static final int HASH_LENGTH = 8;

    private DerivedNames() {
    }

    /** A DNS-1123 label from label parts joined by '-'; too long, it is cut and a hash of the whole keeps it unique. */
    static String label(String... parts) {
        String joined = String.join("-", parts);
        if (joined.length() <= MAX) {
            return joined;
        }
        String cut = joined.substring(0, MAX - HASH_LENGTH - 1).replaceAll("-+$", "");
        return cut + "-" + sha256(joined).substring(0, HASH_LENGTH);
    }

    /** A PostgreSQL identifier from parts joined by '_': [a-z0-9_], starting with a letter, at most 63 characters. */
    static String sql(String... parts) {
        String joined = String.join("_", parts).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!Character.isLetter(joined.charAt(0))) {
            joined = "p_" + joined;
        }
        if (joined.length() <= MAX) {
            return joined;
        }
        return joined.substring(0, MAX - HASH_LENGTH - 1) + "_" + sha256(joined).substring(0, HASH_LENGTH);
    }

    /** An environment variable name for a resource's output, e.g. {@code PAVED_DB_PASSWORD}. */
    static String env(String resource, String output) {
        return ("PAVED_" + resource + "_" + output).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
