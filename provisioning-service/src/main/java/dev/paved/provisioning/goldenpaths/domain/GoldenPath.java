package dev.paved.provisioning.goldenpaths.domain;

import java.util.List;
import java.util.Optional;

/**
 * A golden path with all its versions, newest first. Its description is the newest version's.
 * {@code latest} is the newest version that is not deprecated, if any.
 */
public record GoldenPath(String name, List<GoldenPathVersion> versions) {

    public GoldenPath {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a golden path has at least one version");
        }
    }

    public String description() {
        return versions.get(0).description();
    }

    public Optional<GoldenPathVersion> latest() {
        return versions.stream().filter(version -> !version.deprecated()).findFirst();
    }
}
