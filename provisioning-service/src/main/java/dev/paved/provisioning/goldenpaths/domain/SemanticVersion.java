package dev.paved.provisioning.goldenpaths.domain;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict {@code MAJOR.MINOR.PATCH} version: no leading zeros, no pre-release or build suffix. */
public record SemanticVersion(int major, int minor, int patch) implements Comparable<SemanticVersion> {

    // At most nine digits per number, so that each fits the int the store orders by.
    private static final Pattern STRICT = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");
    private static final Comparator<SemanticVersion> ORDER = Comparator.comparingInt(SemanticVersion::major)
            .thenComparingInt(SemanticVersion::minor).thenComparingInt(SemanticVersion::patch);

    public static Optional<SemanticVersion> parse(String text) {
        Matcher matcher = text == null ? null : STRICT.matcher(text);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
