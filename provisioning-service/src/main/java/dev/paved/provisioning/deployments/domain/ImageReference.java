package dev.paved.provisioning.deployments.domain;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference as the Docker distribution grammar reads it:
 * {@code [registry/]repository[:tag][@digest]}. Without a registry it is on Docker Hub, where a
 * one-part repository lives under {@code library/}.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<name>[^:@/]+(?::[0-9]+(?=/))?(?:/[^:@]+)*)(?::(?<tag>[^:@/]+))?(?:@(?<digest>.+))?");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern VERSION_TAG = Pattern.compile(
            "v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:_[0-9A-Za-z.-]+)?");
    private static final Set<String> MOVING_TAGS = Set.of("latest", "main", "master", "dev", "develop", "edge",
            "stable", "nightly");
    private static final int MAX_LENGTH = 4096;

    /** The reference, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        Matcher matcher = REFERENCE.matcher(reference);
        if (reference.length() > MAX_LENGTH || !matcher.matches()) {
            throw new IllegalArgumentException("'" + reference + "' is not an image reference");
        }
        String name = matcher.group("name");
        String registry = DOCKER_HUB;
        String repository = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                repository = name.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (!REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("'" + registry + "' is not a registry host");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + repository
                        + "' is not a repository: lowercase letters, digits and separators (. _ __ -) between '/'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        String tag = matcher.group("tag");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a tag");
        }
        String digest = matcher.group("digest");
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("'" + digest + "' is not a digest (sha256:<64 hex digits>)");
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** Loopback registries are reached over plain HTTP: there is no network to protect and rarely a certificate. */
    public boolean isOnLoopback() {
        int portColon = registry.lastIndexOf(':');
        String host = portColon > registry.lastIndexOf(']') ? registry.substring(0, portColon) : registry;
        return host.equals("localhost") || host.equals("[::1]") || host.equals("127.0.0.1");
    }

    public boolean hasDigest() {
        return digest != null;
    }

    /** Neither a digest nor a tag, or the tag {@code latest}: what runs is whatever was pushed last. */
    public boolean isLatestOrTagless() {
        return digest == null && (tag == null || tag.equals("latest"));
    }

    /** A semantic version tag such as {@code 1.4.2} or {@code v2.0.0-rc.1}, which is not moved by convention. */
    public boolean isImmutableVersionTag() {
        return tag != null && !MOVING_TAGS.contains(tag) && VERSION_TAG.matcher(tag).matches();
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
